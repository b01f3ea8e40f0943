/**
 * Who may see a widget conversation — the one rule, as a predicate and as SQL. An anonymous
 * visitor sees the conversations of its own visitor id that no user has claimed; a verified user
 * sees every conversation linked to their user id, from any device, plus the unclaimed ones of the
 * device they are on. So a second person signing in on a shared browser never sees the first one's
 * conversations, and nobody sees another tenant's: every statement is scoped by the tenant id the
 * store is opened with. A secret-key caller (the business's backend) sees every conversation of
 * its tenant. Used by the widget routes, the session and file tools, and the stores' SQL.
 */

/** The columns of a `sessions` row the rule reads (ownership needs nothing else, so it imports no store). */
export interface OwnedSession {
  visitor_id: string | null;
  user_id: string | null;
}

export interface SessionOwner {
  visitorId: string;
  userId: string | null;
}

/** The predicate: whether `owner` may see `session` (a session already read for the tenant). */
export function ownsConversation(owner: SessionOwner, session: OwnedSession): boolean {
  if (session.user_id !== null) return owner.userId !== null && session.user_id === owner.userId;
  return session.visitor_id === owner.visitorId;
}

/** Whoever asks to see a conversation: a widget visitor (or signed-in user), or a secret-key caller. */
export type ConversationViewer = { kind: "visitor"; owner: SessionOwner } | { kind: "api" };

export function maySeeConversation(viewer: ConversationViewer, session: OwnedSession): boolean {
  return viewer.kind === "api" || ownsConversation(viewer.owner, session);
}

/** The tenant's session `sessionId` if `viewer` may see it; null otherwise, exactly like a missing one. */
export async function visibleSession<S extends OwnedSession>(
  store: { get(sessionId: string): Promise<S | null> },
  viewer: ConversationViewer,
  sessionId: string,
): Promise<S | null> {
  const session = await store.get(sessionId);
  return session && maySeeConversation(viewer, session) ? session : null;
}

/**
 * The same rule as a SQL condition on a `sessions` row. `visitor` and `user` are the placeholders
 * (e.g. "?2", "?3") bound to the owner's ids; `table` qualifies the columns when the query joins.
 */
export function ownedBySql(visitor: string, user: string, table = ""): string {
  const col = (name: string) => (table ? `${table}.${name}` : name);
  return `((${col("user_id")} IS NOT NULL AND ${col("user_id")} = ${user}) OR (${col("user_id")} IS NULL AND ${col("visitor_id")} = ${visitor}))`;
}
