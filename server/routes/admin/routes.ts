import { Hono } from "hono";
import { adminAuth } from "../../auth/admin-token";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { findTenant, tenantIdSchema } from "../../tenants/tenant";
import { identityRoutes } from "./identity-routes";
import { keyRoutes } from "./key-routes";
import { tenantRoutes } from "./tenant-routes";
import { toolSecretRoutes } from "./tool-secret-routes";

/**
 * The operator's API under /admin, authorised by `Authorization: Bearer <ADMIN_TOKEN>`. Routes under
 * /tenants/:tenantId/* see the tenant (read fresh from D1, never the cache) in `c.var.tenant`; an
 * unknown id is 404. See docs/admin-api.md.
 */
export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use("*", adminAuth());
adminRoutes.use("/tenants/:tenantId/*", async function adminTenantLoader(c, next) {
  const id = c.req.param("tenantId");
  const tenant = tenantIdSchema.safeParse(id).success ? await findTenant(c.env.DB, id) : null;
  if (!tenant) throw notFound("Tenant");
  c.set("tenant", tenant);
  await next();
});

adminRoutes.route("/tenants", tenantRoutes);
adminRoutes.route("/tenants/:tenantId/keys", keyRoutes);
adminRoutes.route("/tenants/:tenantId/identity-secret", identityRoutes);
adminRoutes.route("/tenants/:tenantId/tool-secrets", toolSecretRoutes);
