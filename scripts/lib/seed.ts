import { existsSync } from "node:fs";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { DEMO_TENANT_ID, DEMO_TENANT_NAME, demoTenantConfig } from "./demo-tenant";
import { DOCS_SCRIPT_FILE, DOCS_SCRIPT_KEY } from "../../server/routes/pages/docs/docs-script";
import { provisioningStatements } from "../../server/tenants/provisioning";
import { tenantCacheKey } from "../../server/tenants/resolve";
import pkg from "../../package.json" with { type: "json" };
import { publishPlan, readWidgetRelease } from "./widget-release";

const WIDGET_DIR = "dist/widget";

/**
 * Seeds local storage through the same bindings the Worker uses (getPlatformProxy): the demo
 * tenant and its keys (kept in <persist>/demo-keys.json so they survive restarts), and the widget
 * release into R2 as `npm run deploy` publishes it (widget/<version>/ with integrity.json, then
 * widget/v1/), and the API reference page's script. Locally a version is rewritten on every start: the code under it changes.
 */
export async function seedLocal(persistTo: string): Promise<{ publishable: string; secret: string }> {
  const keysFile = join(persistTo, "demo-keys.json");
  const savedKeys = existsSync(keysFile)
    ? (JSON.parse(await readFile(keysFile, "utf8")) as { publishable: string; secret: string })
    : undefined;
  const demo = await provisioningStatements({
    id: DEMO_TENANT_ID,
    name: DEMO_TENANT_NAME,
    config: demoTenantConfig,
    mode: "test",
    keys: savedKeys,
  });

  const proxy = await getPlatformProxy<Env>({ persist: { path: join(persistTo, "v3") }, remoteBindings: false });
  try {
    const { DB, CACHE, FILES } = proxy.env;
    await DB.batch(demo.statements.map((s) => DB.prepare(s.sql).bind(...s.params)));
    // The config may have changed since the last run: do not let a cached copy linger.
    await CACHE.delete(tenantCacheKey(DEMO_TENANT_ID));
    const plan = publishPlan(await readWidgetRelease(WIDGET_DIR, pkg.version));
    for (const { key, file } of [...plan.version, ...plan.channel]) {
      await FILES.put(key, file.body, { httpMetadata: { contentType: file.contentType } });
    }
    if (!existsSync(DOCS_SCRIPT_FILE)) throw new Error(`${DOCS_SCRIPT_FILE} is missing: run npm run build:docs first`);
    await FILES.put(DOCS_SCRIPT_KEY, await readFile(DOCS_SCRIPT_FILE, "utf8"), {
      httpMetadata: { contentType: "text/javascript; charset=utf-8" },
    });
  } finally {
    await proxy.dispose();
  }
  await mkdir(persistTo, { recursive: true });
  await writeFile(keysFile, JSON.stringify(demo.keys, null, 2), { mode: 0o600 });
  return demo.keys;
}
