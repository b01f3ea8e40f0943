import { notFound } from "../../http/errors";
import { visibleSession, type SessionOwner } from "../../sessions/ownership";
import type { SessionRecord, SessionStore } from "../../sessions/repository";
import { conversationIdSchema } from "./schemas";

/**
 * The widget's conversations are the visitor's own (server/sessions/ownership.ts): a conversation
 * from a path parameter is theirs or 404 — a malformed id, a missing one and someone else's all
 * read the same.
 */

/** The requester as an owner, from the visitor middleware's variables. */
export const ownerOf = (v: { visitorId: string; userId: string | null }): SessionOwner => ({
  visitorId: v.visitorId,
  userId: v.userId,
});

export async function ownSession(
  store: Pick<SessionStore, "get">,
  id: string | undefined,
  owner: SessionOwner,
): Promise<SessionRecord> {
  const session =
    id !== undefined && conversationIdSchema.safeParse(id).success
      ? await visibleSession(store, { kind: "visitor", owner }, id)
      : null;
  if (!session) throw notFound("Conversation");
  return session;
}
