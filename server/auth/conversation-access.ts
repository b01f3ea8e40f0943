import type { SessionRecord } from "../sessions/repository";

/**
 * Who may see a widget conversation. An anonymous visitor sees the conversations of its own
 * visitor id that no user has claimed; a verified user sees every conversation linked to their
 * user id, from any device, plus the unclaimed ones of the device they are on. So a second person
 * signing in on a shared browser never sees the first one's conversations, and nobody sees another
 * tenant's: every statement is scoped by the tenant id the store is opened with.
 */

export interface ConversationOwner {
  visitorId: string;
  userId: string | null;
}

export function ownsConversation(owner: ConversationOwner, session: SessionRecord): boolean {
  if (session.user_id !== null) return owner.userId !== null && session.user_id === owner.userId;
  return session.visitor_id === owner.visitorId;
}

const SESSION_COLUMNS = "id, tenant_id, visitor_id, user_id, channel, status, title, created_at, updated_at";

export function conversationAccess(db: D1Database, tenantId: string) {
  return {
    async list(owner: ConversationOwner, limit: number): Promise<SessionRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT ${SESSION_COLUMNS} FROM sessions
           WHERE tenant_id = ?1 AND ((?2 IS NOT NULL AND user_id = ?2) OR (visitor_id = ?3 AND user_id IS NULL))
           ORDER BY updated_at DESC, id DESC LIMIT ?4`,
        )
        .bind(tenantId, owner.userId, owner.visitorId, limit)
        .all<SessionRecord>();
      return results;
    },

    /** Links one conversation to a verified user (only if unclaimed). */
    async assignUser(sessionId: string, userId: string): Promise<void> {
      await db
        .prepare("UPDATE sessions SET user_id = ? WHERE tenant_id = ? AND id = ? AND user_id IS NULL")
        .bind(userId, tenantId, sessionId)
        .run();
    },

    /** On sign-in: the device's unclaimed conversations become the user's, visible on their other devices. */
    async claimVisitorConversations(visitorId: string, userId: string): Promise<void> {
      await db
        .prepare("UPDATE sessions SET user_id = ? WHERE tenant_id = ? AND visitor_id = ? AND user_id IS NULL")
        .bind(userId, tenantId, visitorId)
        .run();
    },
  };
}
