import type { MessageRecord, SessionRecord, SessionStore } from "./repository";

/**
 * The model's view of a conversation: the compaction summary (from the session row) and the
 * messages after it, cached in KV and written through on every turn. D1 stays the truth: a
 * snapshot is used only when it starts where the session's context starts and its last sequence
 * number is exactly the one before the message being answered; anything else (expired, stale, from
 * a concurrent turn, from before a reset or compaction) is a conflict resolved by reloading from D1.
 */

export const CONTEXT_TTL_SECONDS = 300;
/** At most this many messages are loaded; more unsummarized messages trigger compaction. */
export const CONTEXT_MESSAGES = 100;

export interface ContextMessage {
  seq: number;
  role: MessageRecord["role"];
  content: string;
}

export interface ContextSnapshot {
  /** The context holds messages after this seq (summary or reset point). */
  start_seq: number;
  last_seq: number;
  messages: ContextMessage[];
}

export const contextCacheKey = (tenantId: string, sessionId: string) => `ctx:${tenantId}:${sessionId}`;

export type ContextSource = "cache" | "storage";

export interface LoadedContext {
  summary: string | null;
  startSeq: number;
  messages: ContextMessage[];
  source: ContextSource;
}

/** Where the model's context starts, and the summary that stands for what came before. */
export function contextStart(session: Pick<SessionRecord, "summary" | "summary_through_seq" | "context_start_seq">) {
  const summarized = session.summary !== null && session.summary_through_seq > session.context_start_seq;
  return {
    startSeq: Math.max(session.summary_through_seq, session.context_start_seq),
    summary: summarized ? session.summary : null,
  };
}

/** The context up to and including `latest` (a message just stored), and where it came from. */
export async function loadContext(
  kv: KVNamespace,
  store: SessionStore,
  tenantId: string,
  session: SessionRecord,
  latest: MessageRecord,
): Promise<LoadedContext> {
  const { startSeq, summary } = contextStart(session);
  const snapshot = await kv.get<ContextSnapshot>(contextCacheKey(tenantId, session.id), "json");
  if (snapshot && snapshot.start_seq === startSeq && snapshot.last_seq === latest.seq - 1) {
    const messages = [...snapshot.messages, toContext(latest)].slice(-CONTEXT_MESSAGES);
    return { summary, startSeq, messages, source: "cache" };
  }
  const records = await store.contextMessages(session.id, startSeq, latest.seq, CONTEXT_MESSAGES);
  return { summary, startSeq, messages: records.map(toContext), source: "storage" };
}

export async function saveContext(
  kv: KVNamespace,
  tenantId: string,
  sessionId: string,
  startSeq: number,
  messages: ContextMessage[],
): Promise<void> {
  const kept = messages.filter((m) => m.seq > startSeq).slice(-CONTEXT_MESSAGES);
  const last = kept.at(-1);
  if (!last) return;
  const snapshot: ContextSnapshot = { start_seq: startSeq, last_seq: last.seq, messages: kept };
  await kv.put(contextCacheKey(tenantId, sessionId), JSON.stringify(snapshot), { expirationTtl: CONTEXT_TTL_SECONDS });
}

export async function forgetContext(kv: KVNamespace, tenantId: string, sessionId: string): Promise<void> {
  await kv.delete(contextCacheKey(tenantId, sessionId));
}

export function toContext(message: MessageRecord): ContextMessage {
  return { seq: message.seq, role: message.role, content: message.content };
}
