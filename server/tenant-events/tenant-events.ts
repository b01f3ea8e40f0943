import { newId } from "../lib/crypto";

/**
 * Things that happened which the tenant should hear about, e.g. `handoff.requested` when the
 * assistant hands a conversation to a person. Stored now; webhooks will deliver them later.
 */

export type TenantEventType = "handoff.requested";

export interface TenantEvent {
  id: string;
  type: TenantEventType;
  session_id: string | null;
  data: Record<string, unknown>;
  created_at: number;
}

export function tenantEventStatement(
  db: D1Database,
  tenantId: string,
  event: { type: TenantEventType; sessionId: string | null; data: Record<string, unknown> },
) {
  return db
    .prepare("INSERT INTO tenant_events (id, tenant_id, type, session_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(newId("evt"), tenantId, event.type, event.sessionId, JSON.stringify(event.data), Date.now());
}

/** The tenant's events, newest first. */
export async function listTenantEvents(db: D1Database, tenantId: string, limit = 50): Promise<TenantEvent[]> {
  const { results } = await db
    .prepare(
      "SELECT id, type, session_id, data, created_at FROM tenant_events WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
    )
    .bind(tenantId, limit)
    .all<Omit<TenantEvent, "data"> & { data: string }>();
  return results.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
}
