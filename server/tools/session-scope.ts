import { z } from "zod";

/**
 * A session may narrow the tenant's tool permissions to a list of names (never widen them: a name
 * the tenant does not allow stays refused). Set by whoever creates the session — e.g. the REST API
 * for a secret-key caller; NULL means no narrowing.
 */

const scopeSchema = z.array(z.string()).nullable();

export async function getSessionToolScope(
  db: D1Database,
  tenantId: string,
  sessionId: string,
): Promise<string[] | null> {
  const row = await db
    .prepare("SELECT tool_scope FROM sessions WHERE tenant_id = ? AND id = ?")
    .bind(tenantId, sessionId)
    .first<{ tool_scope: string | null }>();
  if (!row?.tool_scope) return null;
  const parsed = scopeSchema.safeParse(JSON.parse(row.tool_scope));
  // An unreadable scope narrows to nothing rather than widening to everything.
  return parsed.success ? parsed.data : [];
}

export async function setSessionToolScope(
  db: D1Database,
  tenantId: string,
  sessionId: string,
  tools: readonly string[] | null,
): Promise<void> {
  await db
    .prepare("UPDATE sessions SET tool_scope = ? WHERE tenant_id = ? AND id = ?")
    .bind(tools === null ? null : JSON.stringify([...new Set(tools)]), tenantId, sessionId)
    .run();
}
