import { Hono } from "hono";
import { DEMO_PAGE_CSP, renderDemoPage } from "../../demo/page";
import { DEMO_TENANT_ID } from "../../demo/demo-tenant";
import type { AppEnv } from "../env";

/** GET /demo: the product page with the demo tenant's widget on it. */
export const demoPages = new Hono<AppEnv>();

demoPages.get("/", async (c) => {
  const row = await c.env.DB.prepare(
    `SELECT public_key FROM api_keys WHERE tenant_id = ? AND kind = 'publishable' AND revoked_at IS NULL
     ORDER BY created_at DESC LIMIT 1`,
  )
    .bind(DEMO_TENANT_ID)
    .first<{ public_key: string }>();
  const html = renderDemoPage({ origin: new URL(c.req.url).origin, publishableKey: row?.public_key ?? null });
  return c.html(html, 200, { "Content-Security-Policy": DEMO_PAGE_CSP });
});
