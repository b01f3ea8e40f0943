import type { Message } from "../streaming/events";
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
    ...(message.role === "assistant" ? { reply_to: replyTo(message.metadata), feedback: message.feedback } : {}),
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

function replyTo(metadata: string | null | undefined): string | null {
  if (!metadata) return null;
  try {
    const value = (JSON.parse(metadata) as { reply_to?: unknown }).reply_to;
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}
