import { decodeCursor, encodeCursor } from "../http/cursor";
import { tenantConfigSchema, type TenantConfig } from "./config";
import { TENANT_COLUMNS, tenantFromRow, type Tenant, type TenantRow, type TenantStatus } from "./tenant";

/**
 * The operator's view of tenants: list, update, suspend, delete. Tenants are the one table not
 * scoped by a tenant id (they are it); only the admin API reaches this module.
 */

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

/** Applies the changes (the config is validated again here) and returns the new record, or null. */
export async function updateTenant(
  db: D1Database,
  tenantId: string,
  changes: TenantChanges,
  now = Date.now(),
): Promise<Tenant | null> {
  const config = changes.config === undefined ? null : JSON.stringify(tenantConfigSchema.parse(changes.config));
  const row = await db
    .prepare(
      `UPDATE tenants SET name = COALESCE(?, name), config = COALESCE(?, config), status = COALESCE(?, status),
         updated_at = ? WHERE id = ? RETURNING ${TENANT_COLUMNS}`,
    )
    .bind(changes.name ?? null, config, changes.status ?? null, now, tenantId)
    .first<TenantRow>();
  return row ? tenantFromRow(row) : null;
}

/**
 * Deletes the tenant and, by ON DELETE CASCADE, everything it owns (keys, sessions, messages, tool
 * executions, usage, identity secret), plus its request logs, in one transaction. Returns the
 * hashes of its keys so their cache entries can be dropped, or null when there was no such tenant.
 */
export async function deleteTenant(db: D1Database, tenantId: string): Promise<{ keyHashes: string[] } | null> {
  const { results } = await db
    .prepare("SELECT key_hash FROM api_keys WHERE tenant_id = ?")
    .bind(tenantId)
    .all<{ key_hash: string }>();
  const [, deleted] = await db.batch<{ id: string }>([
    db.prepare("DELETE FROM request_logs WHERE tenant_id = ?").bind(tenantId),
    db.prepare("DELETE FROM tenants WHERE id = ? RETURNING id").bind(tenantId),
  ]);
  if (!deleted?.results.length) return null;
  return { keyHashes: results.map((r) => r.key_hash) };
}
