import { sessionStore } from "../sessions/repository";

/**
 * A session may narrow the tenant's tool permissions to a list of names (never widen them: a name
 * the tenant does not allow stays refused). Set by whoever creates the session — e.g. the REST API
 * for a secret-key caller; NULL means no narrowing. Stored in `sessions.tool_scope` by the session
 * store (server/sessions/sessions.ts).
 */

export function getSessionToolScope(db: D1Database, tenantId: string, sessionId: string): Promise<string[] | null> {
  return sessionStore(db, tenantId).toolScope(sessionId);
}

export function setSessionToolScope(
  db: D1Database,
  tenantId: string,
  sessionId: string,
  tools: readonly string[] | null,
): Promise<void> {
  return sessionStore(db, tenantId).setToolScope(sessionId, tools);
}
