import { tenantConfigSchema, type TenantConfig, type TenantConfigInput } from "../tenants/config";
import { newId } from "../lib/crypto";
import { provisioningStatements } from "../tenants/provisioning";
import { notFound } from "../http/errors";
import { loadTenant } from "../tenants/resolve";
import { removeTenant } from "../tenants/tenant-removal";
import { updateTenant } from "../tenants/tenant-store";
import type { Tenant } from "../tenants/tenant";

/**
 * Every tenant operation the sales trials need, in one place, on top of the tenant store the admin
 * API uses. Writes go to D1 first; the KV cache entries are deleted afterwards so the next request
 * reads the new state (KV only ever caches, see tenants/resolve.ts).
 */

export interface CreatedTenant {
  tenant: Tenant;
  publishableKey: string;
}

/**
 * Creates the tenant with its keys (the same statements as provisionTenant) plus the caller's own
 * rows that point at it, in one D1 batch: all of it exists afterwards, or none of it.
 */
export async function createTenant(
  db: D1Database,
  input: {
    name: string;
    config: TenantConfigInput;
    /** The keys refuse every request from then on, even before anything else runs (a trial's end). */
    keysExpireAt: number;
    alongside?: (tenantId: string) => D1PreparedStatement[];
  },
): Promise<CreatedTenant> {
  const id = newId("tnt");
  const { tenant, keys, statements } = await provisioningStatements({
    id,
    name: input.name,
    config: input.config,
    mode: "live",
    keysExpireAt: input.keysExpireAt,
  });
  await db.batch([...statements.map((s) => db.prepare(s.sql).bind(...s.params)), ...(input.alongside?.(id) ?? [])]);
  return { tenant, publishableKey: keys.publishable };
}

export function getTenant(env: Env, tenantId: string): Promise<Tenant | null> {
  return loadTenant(env, tenantId);
}

/** The key the widget uses (public by design: it sits in the host page's script tag). */
export async function publishableKey(db: D1Database, tenantId: string): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT public_key FROM api_keys WHERE tenant_id = ? AND kind = 'publishable' AND revoked_at IS NULL
       ORDER BY created_at DESC LIMIT 1`,
    )
    .bind(tenantId)
    .first<{ public_key: string }>();
  return row?.public_key ?? null;
}

/** Replaces the tenant's config (validated whole by the tenant store, which drops the cached copy). */
export async function updateTenantConfig(env: Env, tenantId: string, config: TenantConfigInput): Promise<TenantConfig> {
  const updated = await updateTenant(env, tenantId, { config: tenantConfigSchema.parse(config) });
  if (!updated) throw notFound("Tenant");
  return updated.config;
}

/**
 * Suspends the tenant at once: its keys are refused (403) from the next request on, here and — the
 * cached record being dropped — within about a minute everywhere. Its data stays until deleted.
 */
export async function suspendTenant(env: Env, tenantId: string): Promise<void> {
  await updateTenant(env, tenantId, { status: "suspended" });
}

/**
 * Deletes the tenant and everything it owns, its R2 files included (see tenants/tenant-removal.ts).
 * Idempotent: deleting a tenant that is already gone only purges any files left behind. Session
 * context snapshots in KV are left to expire (5 minutes): no key can reach them any more.
 */
export async function deleteTenant(env: Env, tenantId: string): Promise<void> {
  await removeTenant(env, tenantId);
}
