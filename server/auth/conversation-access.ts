import type { SessionOwner, SessionRecord } from "../sessions/repository";

/**
 * Who may see a widget conversation. An anonymous visitor sees the conversations of its own
 * visitor id that no user has claimed; a verified user sees every conversation linked to their
 * user id, from any device, plus the unclaimed ones of the device they are on. So a second person
 * signing in on a shared browser never sees the first one's conversations, and nobody sees another
 * tenant's: every statement is scoped by the tenant id the store is opened with. Listing is
 * sessionStore().list({ owner }), which applies the same rule in SQL.
 */

export type ConversationOwner = SessionOwner;

export function ownsConversation(owner: ConversationOwner, session: SessionRecord): boolean {
  if (session.user_id !== null) return owner.userId !== null && session.user_id === owner.userId;
  return session.visitor_id === owner.visitorId;
}

export function conversationAccess(db: D1Database, tenantId: string) {
  return {
    /** On sign-in: the device's unclaimed conversations become the user's, visible on their other devices. */
    async claimVisitorConversations(visitorId: string, userId: string): Promise<void> {
      await db
        .prepare("UPDATE sessions SET user_id = ? WHERE tenant_id = ? AND visitor_id = ? AND user_id IS NULL")
        .bind(userId, tenantId, visitorId)
        .run();
    },
  };
}
