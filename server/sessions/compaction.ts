import { estimateTokens } from "../llm/tokens";
import type { ContextMessage } from "./context-cache";

/**
 * Keeps a conversation inside a model's context window, so a long conversation never earns a
 * provider 400 for length. When the summary plus the messages exceed the budget (or there are too
 * many messages), the older messages are folded into the summary by a cheap model and the newest
 * are kept verbatim; without a summarizer (the offline responder, or the cheap model failed) the
 * older messages are dropped instead. Whatever happens, `truncateToBudget` makes the result fit.
 */

/** Per-message overhead (role markers, separators) in tokens. */
const MESSAGE_OVERHEAD = 4;

export const messageTokens = (m: Pick<ContextMessage, "content">) => estimateTokens(m.content) + MESSAGE_OVERHEAD;

export type Summarizer = (previous: string | null, older: ContextMessage[]) => Promise<string | null>;

export interface FitInput {
  /** Ascending; the last one is the message being answered. */
  messages: ContextMessage[];
  summary: string | null;
  /** Tokens for summary + messages. */
  budget: number;
  maxMessages: number;
  summarize: Summarizer | null;
}

export interface FitResult {
  messages: ContextMessage[];
  summary: string | null;
  /** A new summary to store, covering messages up to `throughSeq`. */
  compacted: { summary: string; throughSeq: number } | null;
  /** How many messages were left out without being summarized. */
  dropped: number;
}

export async function fitContext(input: FitInput): Promise<FitResult> {
  const { messages, summary, budget } = input;
  const total = estimateTokens(summary ?? "") + messages.reduce((sum, m) => sum + messageTokens(m), 0);
  if (total <= budget && messages.length <= input.maxMessages) {
    return { messages, summary, compacted: null, dropped: 0 };
  }
  // Keep the newest messages within half the budget (and half the count), at least the last one.
  const keepBudget = Math.floor(budget / 2);
  const keepCount = Math.max(1, Math.floor(input.maxMessages / 2));
  let kept = 0;
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const cost = messageTokens(messages[i]!);
    if (kept > 0 && (used + cost > keepBudget || kept >= keepCount)) break;
    used += cost;
    kept++;
  }
  const older = messages.slice(0, messages.length - kept);
  let recent = messages.slice(messages.length - kept);
  let compacted: FitResult["compacted"] = null;
  let nextSummary = summary;
  let dropped = 0;
  const summarized =
    older.length > 0 && input.summarize ? await input.summarize(summary, older).catch(() => null) : null;
  if (summarized) {
    compacted = { summary: summarized, throughSeq: older.at(-1)!.seq };
    nextSummary = summarized;
  } else {
    dropped = older.length;
  }
  // The model's side of the conversation starts with the visitor: an answer whose question was
  // summarized or dropped would read as out of context.
  while (recent.length > 1 && recent[0]!.role !== "user") {
    recent = recent.slice(1);
    if (!compacted) dropped++;
  }
  const fitted = truncateToBudget(recent, nextSummary, budget);
  return { ...fitted, compacted, dropped: dropped + fitted.dropped };
}

/**
 * Makes summary + messages fit `budget` by dropping the oldest messages, then shortening the
 * summary, then keeping only the end of the newest message. Never fails.
 */
export function truncateToBudget(
  messages: ContextMessage[],
  summary: string | null,
  budget: number,
): { messages: ContextMessage[]; summary: string | null; dropped: number } {
  let kept = [...messages];
  let dropped = 0;
  const size = () => estimateTokens(summary ?? "") + kept.reduce((sum, m) => sum + messageTokens(m), 0);
  while (kept.length > 1 && size() > budget) {
    kept.shift();
    dropped++;
  }
  while (kept.length > 1 && kept[0]!.role !== "user") {
    kept.shift();
    dropped++;
  }
  if (summary && size() > budget) {
    const room = Math.max(0, budget - kept.reduce((sum, m) => sum + messageTokens(m), 0));
    summary = room > 16 ? tail(summary, room) : null;
  }
  const last = kept.at(-1);
  if (last && size() > budget) {
    kept = [{ ...last, content: tail(last.content, Math.max(1, budget - MESSAGE_OVERHEAD)) }];
  }
  return { messages: kept, summary, dropped };
}

/** The end of `text` within about `tokens` tokens. */
function tail(text: string, tokens: number): string {
  let out = "";
  let used = 0;
  const chars = [...text];
  for (let i = chars.length - 1; i >= 0; i--) {
    const cost = chars[i]!.charCodeAt(0) < 128 ? 1 / 3.5 : 1;
    if (used + cost > tokens) break;
    used += cost;
    out = chars[i]! + out;
  }
  return out;
}
