import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, widgetCall } from "../../test/helpers";
import { tenantCacheKey } from "../../tenants/resolve";
import { findTenant } from "../../tenants/tenant";
import { publishableKey } from "../../trials/tenant-ops";
import { createTrialViaForm, FAQ, getPage, postForm, validTrial, WORKER_ORIGIN } from "../../trials/test-helpers";
import { trialStore } from "../../trials/trial-store";

const trialOf = async (id: string) => (await trialStore(env.DB).get(id))!;

describe("creating a trial from the console", () => {
  it("creates a starter tenant with the brand, the FAQ as knowledge and the right origins, for 14 days", async () => {
    const before = Date.now();
    const id = await createTrialViaForm({
      suggested_prompts: "Do you ship internationally?\n\nWhat is your return policy?",
    });
    expect(id).toMatch(/^trl_[0-9A-Za-z]{22}$/);
    const trial = await trialOf(id);
    expect(trial).toMatchObject({ company: "Northwind Outfitters", brand_color: "#0f766e", ended_at: null });
    expect(trial.expires_at - trial.created_at).toBe(14 * 24 * 60 * 60 * 1000);
    expect(trial.created_at).toBeGreaterThanOrEqual(before);

    const tenant = (await findTenant(env.DB, trial.tenant_id!))!;
    expect(tenant.name).toBe("Northwind Outfitters");
    expect(tenant.config.tier).toBe("starter");
    expect(tenant.config.model.default_model).toBeNull();
    expect(tenant.config.allowed_origins).toEqual([WORKER_ORIGIN, "https://northwind.example.com"]);
    expect(tenant.config.theme).toEqual({ accent_color: "#0f766e", title: "Northwind Outfitters" });
    expect(tenant.config.assistant.suggested_prompts).toEqual([
      "Do you ship internationally?",
      "What is your return policy?",
    ]);
    expect(tenant.config.assistant.greeting).toContain("Northwind Outfitters");
    expect(tenant.config.assistant.knowledge.map((k) => k.title)).toEqual([
      "Do you ship internationally?",
      "What is your return policy?",
    ]);
  });

  it("re-renders the form with a message next to each bad field, keeps what was typed, and creates nothing", async () => {
    const count = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM trials").first<{ n: number }>())!.n;
    const before = await count();
    const res = await postForm(
      "/demo/console/trials",
      validTrial({
        company: "  ",
        website_url: "not a site at all",
        brand_color: "red",
        logo_url: "javascript:alert(1)",
        suggested_prompts: "a\nb\nc\nd\ne\nf\ng",
        knowledge: "<script>alert(1)</script>",
        model: "gpt-99",
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter the prospect&#39;s company name.");
    expect(html).toContain("Enter the site&#39;s address, like https://example.com.");
    expect(html).toContain("Pick a colour like #4f46e5.");
    expect(html).toContain("Enter the full address of an image");
    expect(html).toContain("At most 6 suggested prompts");
    expect(html).toContain("Pick one of the listed models.");
    expect(html).toContain('id="err-company"');
    expect(html).toContain('aria-describedby="err-company"');
    // What was typed comes back, escaped.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain('value="not a site at all"');
    expect(await count()).toBe(before);
  });

  it("asks for knowledge when neither text nor pages were given", async () => {
    const res = await postForm("/demo/console/trials", validTrial({ knowledge: " " }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Add something for the assistant to know");
  });

  it("creates nothing when an import fails, and says why next to the import field", async () => {
    const tenantsBefore = (await env.DB.prepare("SELECT COUNT(*) AS n FROM tenants").first<{ n: number }>())!.n;
    const res = await postForm("/demo/console/trials", validTrial({ import_urls: "https://10.0.0.8/faq" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="err-import_urls"');
    expect(html).toContain("https://10.0.0.8/faq points to a private or local address");
    const tenantsAfter = (await env.DB.prepare("SELECT COUNT(*) AS n FROM tenants").first<{ n: number }>())!.n;
    expect(tenantsAfter).toBe(tenantsBefore);
  });
});

describe("the share link", () => {
  it("shows the branded preview with the real widget tag, under a CSP with no inline script", async () => {
    const id = await createTrialViaForm();
    const trial = await trialOf(id);
    const key = (await publishableKey(env.DB, trial.tenant_id!))!;
    const res = await call(`/demo/t/${id}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    const html = await res.text();
    expect(html).toContain(`<script src="${WORKER_ORIGIN}/widget/v1/clawless.js" data-key="${key}" async></script>`);
    expect(html).toContain("Northwind Outfitters");
    expect(html).toContain("--accent: #0f766e");
    expect(html).toContain("Do you ship internationally?");
    // Every script on the page has a src: nothing inline.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();

    const js = await call("/demo/assets/preview.js");
    expect(js.headers.get("content-type")).toContain("javascript");
  });

  it("gives the preview's widget a working assistant from the Worker's own origin", async () => {
    const id = await createTrialViaForm();
    const key = (await publishableKey(env.DB, (await trialOf(id)).tenant_id!))!;
    const boot = await widgetCall({ key, origin: WORKER_ORIGIN }, "POST", "/bootstrap", {});
    expect(boot.status).toBe(200);
    const body = (await boot.json()) as { tenant: { name: string; theme: { accent_color: string } } };
    expect(body.tenant).toMatchObject({ name: "Northwind Outfitters", theme: { accent_color: "#0f766e" } });
    const elsewhere = await widgetCall({ key, origin: "https://other.example.org" }, "POST", "/bootstrap", {});
    expect(elsewhere.status).toBe(403);
  });

  it("shows a friendly 404 page for an unknown id", async () => {
    const res = await call("/demo/t/trl_doesnotexist0000000000");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("We couldn't find this preview");
  });

  it("shows the ended page as soon as the trial is ended, before the clean-up has run", async () => {
    const id = await createTrialViaForm();
    const end = await postForm(`/demo/console/trials/${id}/end`, {});
    expect(end.status).toBe(303);
    const res = await call(`/demo/t/${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("This trial has ended");
  });

  it("ending a trial refuses its key at once, though the key and tenant sit in the KV cache", async () => {
    const id = await createTrialViaForm();
    const tenantId = (await trialOf(id)).tenant_id!;
    const visitor = { key: (await publishableKey(env.DB, tenantId))!, origin: WORKER_ORIGIN };
    // A live widget has the key and the tenant cached in KV.
    expect((await widgetCall(visitor, "POST", "/bootstrap", {})).status).toBe(200);
    expect(await env.CACHE.get(tenantCacheKey(tenantId))).not.toBeNull();

    expect((await postForm(`/demo/console/trials/${id}/end`, {})).status).toBe(303);

    // No cron has run: the tenant still exists, suspended, and its key is refused.
    expect((await findTenant(env.DB, tenantId))!.status).toBe("suspended");
    const refused = await widgetCall(visitor, "POST", "/bootstrap", {});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe("permission_denied");
    expect(await (await call(`/demo/t/${id}`)).text()).toContain("This trial has ended");
  });

  it("gives the trial's keys the trial's expiry, so none outlives it before the clean-up runs", async () => {
    const trial = await trialOf(await createTrialViaForm());
    const { results } = await env.DB.prepare("SELECT kind, expires_at FROM api_keys WHERE tenant_id = ? ORDER BY kind")
      .bind(trial.tenant_id)
      .all<{ kind: string; expires_at: number | null }>();
    expect(results).toEqual([
      { kind: "publishable", expires_at: trial.expires_at },
      { kind: "secret", expires_at: trial.expires_at },
    ]);
  });
});

describe("the trial page", () => {
  it("shows the preview, share link, snippet, counts and transcripts", async () => {
    const id = await createTrialViaForm();
    const key = (await publishableKey(env.DB, (await trialOf(id)).tenant_id!))!;
    const visitor = { key, origin: WORKER_ORIGIN };
    const boot = (await (await widgetCall(visitor, "POST", "/bootstrap", {})).json()) as { visitor: { token: string } };
    const chat = { ...visitor, visitor: boot.visitor.token };
    const created = (await (await widgetCall(chat, "POST", "/conversations", {})).json()) as {
      conversation: { id: string };
    };
    const sent = await widgetCall(chat, "POST", `/conversations/${created.conversation.id}/messages`, {
      content: "Do you ship to <i>Canada</i>?",
    });
    await sent.text();

    const res = await getPage(`/demo/console/trials/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-src 'self'");
    const html = await res.text();
    expect(html).toContain(`<iframe src="${WORKER_ORIGIN}/demo/t/${id}"`);
    expect(html).toContain(`value="${WORKER_ORIGIN}/demo/t/${id}"`);
    expect(html).toContain(`data-key=&quot;${key}&quot;`);
    expect(html).toContain('<b data-stat="conversations">1</b>');
    expect(html).toContain('<b data-stat="messages">2</b>');
    // The visitor's text is shown escaped, never as markup; the answer's **bold** as <b>.
    expect(html).toContain("Do you ship to &lt;i&gt;Canada&lt;/i&gt;?");
    expect(html).not.toContain("<i>Canada</i>");
    expect(html).toContain("<b>Do you ship internationally?</b>");
    expect(html).toContain("ships to 42 countries");
  });

  it("edits the knowledge and the live assistant uses it at once (the cached tenant is dropped)", async () => {
    const id = await createTrialViaForm();
    const trial = await trialOf(id);
    const key = (await publishableKey(env.DB, trial.tenant_id!))!;
    // Warm the KV cache as a live widget would.
    await widgetCall({ key, origin: WORKER_ORIGIN }, "POST", "/bootstrap", {});
    expect(await env.CACHE.get(tenantCacheKey(trial.tenant_id!))).not.toBeNull();

    const res = await postForm(`/demo/console/trials/${id}/knowledge`, {
      greeting: "Welcome to Northwind!",
      suggested_prompts: "Do you have gift cards?",
      knowledge: `${FAQ}\n\n## Gift cards\n\nGift cards come in 25, 50 and 100 euros and never expire.`,
      import_urls: "",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/demo/console/trials/${id}?saved=1#knowledge`);

    const boot = await widgetCall({ key, origin: WORKER_ORIGIN }, "POST", "/bootstrap", {});
    const body = (await boot.json()) as { tenant: { greeting: string; suggested_prompts: string[] } };
    expect(body.tenant.greeting).toBe("Welcome to Northwind!");
    expect(body.tenant.suggested_prompts).toEqual(["Do you have gift cards?"]);
    const tenant = (await findTenant(env.DB, trial.tenant_id!))!;
    expect(tenant.config.assistant.knowledge.map((k) => k.title)).toEqual([
      "Do you ship internationally?",
      "What is your return policy?",
      "Gift cards",
    ]);
    // The edit form shows the knowledge as editable text that parses back to the same snippets.
    const page = await (await getPage(`/demo/console/trials/${id}?saved=1`)).text();
    expect(page).toContain("Saved. The assistant answers from the new knowledge now.");
    expect(page).toContain("## Gift cards");
  });

  it("keeps the typed knowledge and explains when an edit is invalid", async () => {
    const id = await createTrialViaForm();
    const res = await postForm(`/demo/console/trials/${id}/knowledge`, {
      greeting: "x".repeat(501),
      suggested_prompts: "",
      knowledge: "Keep me",
      import_urls: "ftp://files.example.com/faq",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Keep the greeting under 500 characters.");
    expect(html).toContain("is not a web address");
    expect(html).toContain(">Keep me</textarea>");
  });

  it("answers an unknown trial id with a 404 page", async () => {
    const res = await getPage("/demo/console/trials/trl_nope");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Trial not found");
  });
});
