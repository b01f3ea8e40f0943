import type { SessionRecord } from "../../../sessions/repository";

/** What the developer API shows of stored records: ISO dates, no tenant ids, no bookkeeping. */

export function toApiSession(session: SessionRecord) {
  return {
    id: session.id,
    title: session.title,
    status: session.status,
    channel: session.channel,
    visitor_id: session.visitor_id,
    user_id: session.user_id,
    created_at: new Date(session.created_at).toISOString(),
    updated_at: new Date(session.updated_at).toISOString(),
  };
}
