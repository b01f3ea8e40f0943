import { decodeCursor, encodeCursor } from "../http/cursor";
import { tenantConfigSchema, type TenantConfig } from "./config";
import { invalidateKeys, invalidateTenant } from "./resolve";
import { TENANT_COLUMNS, tenantFromRow, type Tenant, type TenantRow, type TenantStatus } from "./tenant";

/**
 * The operator's view of tenants: list, update, suspend, delete. Tenants are the one table not
 * scoped by a tenant id (they are it); only the admin API reaches this module. Every write drops
 * the KV copies it makes stale (server/tenants/resolve.ts), so no caller has to remember to.
 */

/** The bindings a tenant write needs: D1, and KV for the cached copies it invalidates. */
export type TenantStoreEnv = Pick<Env, "DB" | "CACHE">;

export interface TenantPage {
  tenants: Tenant[];
  nextCursor: string | null;
}

/** Newest first; the cursor is opaque to clients (the last row's created_at and id). */
export async function listTenants(
  db: D1Database,
  options: { limit: number; cursor?: string; status?: TenantStatus },
): Promise<TenantPage> {
  const after = options.cursor === undefined ? null : decodeCursor(options.cursor);
  const { results } = await db
    .prepare(
      `SELECT ${TENANT_COLUMNS} FROM tenants
       WHERE (?1 IS NULL OR status = ?1)
         AND (?2 IS NULL OR created_at < ?2 OR (created_at = ?2 AND id < ?3))
       ORDER BY created_at DESC, id DESC LIMIT ?4`,
    )
    .bind(options.status ?? null, after?.at ?? null, after?.id ?? null, options.limit + 1)
    .all<TenantRow>();
  const tenants = results.slice(0, options.limit).map(tenantFromRow);
  const last = tenants.at(-1);
  return {
    tenants,
    nextCursor: results.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export interface TenantChanges {
  name?: string;
  config?: TenantConfig;
  status?: TenantStatus;
}

/**
 * Applies the changes (the config is validated again here), drops the cached tenant record, and
 * returns the new record, or null when there is no such tenant.
 */
export async function updateTenant(
  env: TenantStoreEnv,
  tenantId: string,
  changes: TenantChanges,
  now = Date.now(),
): Promise<Tenant | null> {
  const config = changes.config === undefined ? null : JSON.stringify(tenantConfigSchema.parse(changes.config));
  const row = await env.DB.prepare(
    `UPDATE tenants SET name = COALESCE(?, name), config = COALESCE(?, config), status = COALESCE(?, status),
         updated_at = ? WHERE id = ? RETURNING ${TENANT_COLUMNS}`,
  )
    .bind(changes.name ?? null, config, changes.status ?? null, now, tenantId)
    .first<TenantRow>();
  await invalidateTenant(env.CACHE, tenantId);
  return row ? tenantFromRow(row) : null;
}

/**
 * Deletes the tenant and, by ON DELETE CASCADE, everything it owns (keys, sessions, messages, tool
 * executions, usage, identity secret), plus its request logs, in one transaction, then drops the
 * cached tenant record and key lookups. Returns whether there was such a tenant.
 */
export async function deleteTenant(env: TenantStoreEnv, tenantId: string): Promise<boolean> {
  const db = env.DB;
  const { results } = await db
    .prepare("SELECT key_hash FROM api_keys WHERE tenant_id = ?")
    .bind(tenantId)
    .all<{ key_hash: string }>();
  const [, deleted] = await db.batch<{ id: string }>([
    db.prepare("DELETE FROM request_logs WHERE tenant_id = ?").bind(tenantId),
    db.prepare("DELETE FROM tenants WHERE id = ? RETURNING id").bind(tenantId),
  ]);
  const existed = Boolean(deleted?.results.length);
  await Promise.all([
    invalidateTenant(env.CACHE, tenantId),
    existed
      ? invalidateKeys(
          env.CACHE,
          results.map((r) => r.key_hash),
        )
      : Promise.resolve(),
  ]);
  return existed;
}
