import { describe, expect, it } from "vitest";
import { createTrialViaForm, getPage, postForm, validTrial } from "./test-helpers";

/**
 * The console renders what a salesperson typed (and so what a prospect could have suggested) as
 * text: a tenant name with markup shows as that markup, escaped, and a quote cannot end the quoted
 * attribute it is written into.
 */

const HOSTILE = `Acme "Quoted" <img src=x onerror=alert(1)>`;
const ESCAPED = "Acme &quot;Quoted&quot; &lt;img src=x onerror=alert(1)&gt;";

describe("hostile values in the sales console", () => {
  it("shows a tenant name with markup and quotes as text on the trial's page and in the list", async () => {
    const id = await createTrialViaForm({ company: HOSTILE });

    const detail = await (await getPage(`/demo/console/trials/${id}`)).text();
    expect(detail).not.toContain("<img src=x");
    expect(detail).toContain(`<h1><span class="swatch" style="background:#0f766e"></span>${ESCAPED}</h1>`);
    expect(detail).toContain(`<title>${ESCAPED} · Clawless sales</title>`);
    // Inside a quoted attribute the quote is escaped too, so the attribute ends where it should.
    expect(detail).toContain(`title="Preview of ${ESCAPED}&#39;s site with the assistant"`);

    const list = await (await getPage("/demo/console")).text();
    expect(list).not.toContain("<img src=x");
    expect(list).toContain(`">${ESCAPED}</a>`);
  });

  it("re-renders the trial form with the typed values escaped in attributes and text", async () => {
    const res = await postForm(
      "/demo/console/trials",
      validTrial({ company: HOSTILE, brand_color: "red", greeting: `Hi" autofocus onfocus="alert(1)` }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain('" autofocus');
    expect(html).toContain(`name="company" value="${ESCAPED}"`);
    expect(html).toContain('value="Hi&quot; autofocus onfocus=&quot;alert(1)"');
  });
});
