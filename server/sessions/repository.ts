import { messageRows } from "./messages";
import { sessionRows } from "./sessions";

/**
 * Sessions (conversations) and their messages in D1: the one place that writes SQL against the
 * `sessions` and `messages` tables (sessions.ts, messages.ts, activity.ts). The store is opened for
 * one tenant and every statement filters by that tenant id, so no caller can forget it.
 */

export type { SessionOwner } from "./ownership";
export type { SessionFilter, SessionPage, SessionRecord } from "./sessions";
export type { MessageRecord, MessageRole, NewMessage } from "./messages";

export function sessionStore(db: D1Database, tenantId: string) {
  return { ...sessionRows(db, tenantId), ...messageRows(db, tenantId) };
}

export type SessionStore = ReturnType<typeof sessionStore>;
