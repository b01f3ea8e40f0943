import type { Message } from "../streaming/events";
import { readMessageMetadata } from "./message-metadata";
import type { MessageRecord, SessionRecord } from "./repository";

/** What clients see of stored records: ISO dates, no tenant ids, no internal bookkeeping. */

export function toApiMessage(message: MessageRecord): Message {
  return {
    id: message.id,
    conversation_id: message.session_id,
    seq: message.seq,
    role: message.role,
    content: message.content,
    status: message.status,
    model: message.model,
    ...(message.role === "assistant"
      ? { reply_to: readMessageMetadata(message.metadata).reply_to ?? null, feedback: message.feedback }
      : {}),
    created_at: new Date(message.created_at).toISOString(),
  };
}

export function toApiConversation(session: SessionRecord) {
  return {
    id: session.id,
    title: session.title,
    created_at: new Date(session.created_at).toISOString(),
    updated_at: new Date(session.updated_at).toISOString(),
  };
}
