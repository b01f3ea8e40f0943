import { tenantConfigSchema, type TenantConfig, type TenantConfigInput } from "../tenants/config";
import { newId } from "../lib/crypto";
import { provisioningStatements } from "../tenants/provisioning";
import { keyCacheKey, loadTenant, tenantCacheKey } from "../tenants/resolve";
import type { Tenant } from "../tenants/tenant";

/**
 * Every tenant operation the sales trials need, in one place, as plain functions: the admin API
 * (tenant update, suspend, delete, quotas) is being built separately, and this module is the one
 * seam to point at it later. Writes go to D1 first; the KV cache entries are deleted afterwards
 * so the next request reads the new state (KV only ever caches, see tenants/resolve.ts).
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
  input: { name: string; config: TenantConfigInput; alongside?: (tenantId: string) => D1PreparedStatement[] },
): Promise<CreatedTenant> {
  const id = newId("tnt");
  const { tenant, keys, statements } = await provisioningStatements({
    id,
    name: input.name,
    config: input.config,
    mode: "live",
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

/** Replaces the tenant's config (validated whole), then drops the cached copy. */
export async function updateTenantConfig(env: Env, tenantId: string, config: TenantConfigInput): Promise<TenantConfig> {
  const valid = tenantConfigSchema.parse(config);
  await env.DB.prepare("UPDATE tenants SET config = ?, updated_at = ? WHERE id = ?")
    .bind(JSON.stringify(valid), Date.now(), tenantId)
    .run();
  await env.CACHE.delete(tenantCacheKey(tenantId));
  return valid;
}

/**
 * Deletes the tenant and, through ON DELETE CASCADE, its keys, sessions, messages, tool
 * executions and usage. Idempotent: deleting a tenant that is already gone does nothing.
 * Session context snapshots in KV are left to expire (5 minutes): no key can reach them any more.
 */
export async function deleteTenant(env: Env, tenantId: string): Promise<void> {
  const { results } = await env.DB.prepare("SELECT key_hash FROM api_keys WHERE tenant_id = ?")
    .bind(tenantId)
    .all<{ key_hash: string }>();
  await env.DB.prepare("DELETE FROM tenants WHERE id = ?").bind(tenantId).run();
  await Promise.all([
    env.CACHE.delete(tenantCacheKey(tenantId)),
    ...results.map((row) => env.CACHE.delete(keyCacheKey(row.key_hash))),
  ]);
}
