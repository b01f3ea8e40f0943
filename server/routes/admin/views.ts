import type { Tenant } from "../../tenants/tenant";

/** What the admin API shows of a tenant: the record with ISO dates. */
export function toAdminTenant(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    status: tenant.status,
    config: tenant.config,
    created_at: new Date(tenant.created_at).toISOString(),
    updated_at: new Date(tenant.updated_at).toISOString(),
  };
}
