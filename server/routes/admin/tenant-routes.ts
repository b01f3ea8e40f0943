import { Hono } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { parseEmptyBody, parseJsonBody, parseQuery } from "../../http/validation";
import { listRequestLogs } from "../../logging/request-log";
import { mergePatch, validateConfigWrite } from "../../tenants/config-input";
import { provisionTenant } from "../../tenants/provisioning";
import { removeTenant } from "../../tenants/tenant-removal";
import { listTenants, updateTenant, type TenantChanges } from "../../tenants/tenant-store";
import type { TenantStatus } from "../../tenants/tenant";
import { usageReport } from "../../usage/report";
import {
  createTenantBodySchema,
  listTenantsQuerySchema,
  requestLogsQuerySchema,
  updateTenantBodySchema,
  usageQuerySchema,
} from "./schemas";
import { toAdminTenant } from "./views";

/** /admin/tenants: create, list, read, update, suspend/resume, delete; usage and request logs. */
export const tenantRoutes = new Hono<AppEnv>();

/** Creates a tenant with a publishable and a secret key; the secret key is shown this once. */
tenantRoutes.post("/", async (c) => {
  const body = await parseJsonBody(c, createTenantBodySchema);
  const config = validateConfigWrite(body.config);
  const { tenant, keys } = await provisionTenant(c.env.DB, { name: body.name, config, mode: body.mode });
  return c.json({ tenant: toAdminTenant(tenant), keys }, 201);
});

tenantRoutes.get("/", async (c) => {
  const query = parseQuery(c, listTenantsQuerySchema);
  const page = await listTenants(c.env.DB, query);
  return c.json({ data: page.tenants.map(toAdminTenant), next_cursor: page.nextCursor });
});

tenantRoutes.get("/:tenantId", (c) => c.json({ tenant: toAdminTenant(c.var.tenant) }));

/** Changes the name and/or merges a JSON Merge Patch into the config; the result is validated whole. */
tenantRoutes.patch("/:tenantId", async (c) => {
  const body = await parseJsonBody(c, updateTenantBodySchema);
  const changes: TenantChanges = { name: body.name };
  if (body.config !== undefined) changes.config = validateConfigWrite(mergePatch(c.var.tenant.config, body.config));
  return c.json({ tenant: toAdminTenant(await applyChanges(c.env, c.var.tenant.id, changes)) });
});

tenantRoutes.get("/:tenantId/config", (c) => c.json({ config: c.var.tenant.config }));

/** Replaces the whole config (what `npm run admin -- config set` sends). */
tenantRoutes.put("/:tenantId/config", async (c) => {
  const config = validateConfigWrite(await parseJsonBody(c, updateTenantBodySchema.shape.config.unwrap()));
  const tenant = await applyChanges(c.env, c.var.tenant.id, { config });
  return c.json({ config: tenant.config });
});

for (const [action, status] of [
  ["suspend", "suspended"],
  ["resume", "active"],
] as const satisfies [string, TenantStatus][]) {
  tenantRoutes.post(`/:tenantId/${action}`, async (c) => {
    await parseEmptyBody(c);
    return c.json({ tenant: toAdminTenant(await applyChanges(c.env, c.var.tenant.id, { status })) });
  });
}

/**
 * Deletes the tenant and everything it owns, its R2 files included; its keys stop working (401) at
 * once here, within ~60 s everywhere.
 */
tenantRoutes.delete("/:tenantId", async (c) => {
  const { id } = c.var.tenant;
  if (!(await removeTenant(c.env, id))) throw notFound("Tenant");
  return c.json({ deleted: true, id });
});

tenantRoutes.get("/:tenantId/usage", async (c) => {
  const { period } = parseQuery(c, usageQuerySchema);
  return c.json({ usage: await usageReport(c.env.DB, c.var.tenant, period) });
});

tenantRoutes.get("/:tenantId/request-logs", async (c) => {
  const query = parseQuery(c, requestLogsQuerySchema);
  const lines = await listRequestLogs(c.env.DB, c.var.tenant.id, query);
  return c.json({
    data: lines.map((line) => ({ ...line, created_at: new Date(line.created_at).toISOString() })),
    next_before: lines.length === query.limit ? (lines.at(-1)?.created_at ?? null) : null,
  });
});

async function applyChanges(env: Env, tenantId: string, changes: TenantChanges) {
  const tenant = await updateTenant(env, tenantId, changes);
  if (!tenant) throw notFound("Tenant");
  return tenant;
}
