import type { MessageRecord, SessionStore } from "./repository";

/**
 * The model's view of a conversation: the latest messages, cached in KV and written through on
 * every turn. D1 stays the truth: a snapshot is used only when its last sequence number is exactly
 * the one before the message being answered; anything else (expired, stale, from a concurrent turn)
 * is a conflict resolved by reloading from D1.
 */

export const CONTEXT_TTL_SECONDS = 300;
export const CONTEXT_MESSAGES = 40;

export interface ContextMessage {
  seq: number;
  role: MessageRecord["role"];
  content: string;
}

export interface ContextSnapshot {
  last_seq: number;
  messages: ContextMessage[];
}

const cacheKey = (tenantId: string, sessionId: string) => `ctx:${tenantId}:${sessionId}`;

export type ContextSource = "cache" | "storage";

/** The context up to and including `latest` (a message just stored), and where it came from. */
export async function loadContext(
  kv: KVNamespace,
  store: SessionStore,
  tenantId: string,
  sessionId: string,
  latest: MessageRecord,
): Promise<{ messages: ContextMessage[]; source: ContextSource }> {
  const snapshot = await kv.get<ContextSnapshot>(cacheKey(tenantId, sessionId), "json");
  if (snapshot && snapshot.last_seq === latest.seq - 1) {
    return { messages: [...snapshot.messages, toContext(latest)].slice(-CONTEXT_MESSAGES), source: "cache" };
  }
  const { messages } = await store.listMessages(sessionId, { limit: CONTEXT_MESSAGES, beforeSeq: latest.seq + 1 });
  return { messages: messages.map(toContext), source: "storage" };
}

export async function saveContext(
  kv: KVNamespace,
  tenantId: string,
  sessionId: string,
  messages: ContextMessage[],
): Promise<void> {
  const kept = messages.slice(-CONTEXT_MESSAGES);
  const last = kept.at(-1);
  if (!last) return;
  const snapshot: ContextSnapshot = { last_seq: last.seq, messages: kept };
  await kv.put(cacheKey(tenantId, sessionId), JSON.stringify(snapshot), { expirationTtl: CONTEXT_TTL_SECONDS });
}

export function toContext(message: MessageRecord): ContextMessage {
  return { seq: message.seq, role: message.role, content: message.content };
}
