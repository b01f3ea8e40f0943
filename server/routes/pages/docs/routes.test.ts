import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../../../test/helpers";
import { DOCS_SCRIPT_KEY } from "./docs-script";

/** The reference page loads its script same-origin from R2, where the build put it. */

describe("/docs/docs.js", () => {
  it("serves the built script from R2 as JavaScript, revalidated by ETag", async () => {
    await env.FILES.put(DOCS_SCRIPT_KEY, "console.log('docs');");
    const res = await call("/docs/docs.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).toBe("console.log('docs');");

    const again = await call("/docs/docs.js", { headers: { "If-None-Match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("is a 404 when the script was not built and seeded", async () => {
    await env.FILES.delete(DOCS_SCRIPT_KEY);
    expect((await call("/docs/docs.js")).status).toBe(404);
  });

  it("is loaded by the page by URL, under a CSP that allows only same-origin script", async () => {
    const res = await call("/docs");
    expect(await res.text()).toContain('<script type="module" src="/docs/docs.js"></script>');
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  });
});
