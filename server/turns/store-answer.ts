import { saveContext, toContext } from "../sessions/context-cache";
import type { MessageRecord } from "../sessions/repository";
import { settleHoldStatements } from "../usage/reservations";
import type { Spend } from "./model-calls";
import type { PreparedContext } from "./prepare-context";
import type { Answer } from "./run-model-loop";
import type { TurnInput } from "./turn-input";

/**
 * Stores a turn's answer with its model, the reason for that model, usage and cost — and replaces
 * the turn's quota hold by the month's actual usage — in one transaction; then caches the context
 * the next turn starts from (a cache failure is only logged). Tool calls and results are in the
 * audit log (tool_executions), not in the message.
 */

export interface StoreAnswerInput extends Pick<
  TurnInput,
  "env" | "store" | "session" | "userMessage" | "route" | "hold"
> {
  tenantId: string;
  messageId: string;
  answer: Answer;
  context: PreparedContext;
  /** The answer's usage (what the message records). */
  spend: Spend;
  /** What compaction summaries cost: counted for the month, not recorded on the message. */
  compaction: Spend;
  log: (fields: Record<string, unknown>) => void;
}

export async function storeAnswer(input: StoreAnswerInput): Promise<MessageRecord> {
  const { env, session, userMessage, route, answer, spend, compaction } = input;
  const { fitted } = input.context;
  const { parts, limitHit, interrupted } = answer;
  const failed = answer.attempts.filter((a) => a.outcome !== "ok");
  const reason =
    answer.link === route.chain[0]
      ? route.reason
      : `${route.reason}; fallback to ${answer.link.entry.id} after ${failed.map((a) => `${a.model} ${a.outcome}`).join(", ")}`;

  const stored = await input.store.appendMessage(
    session.id,
    {
      id: input.messageId,
      role: "assistant",
      content: answer.text,
      status: interrupted ? "interrupted" : "complete",
      model: answer.link.entry.id,
      model_reason: reason,
      input_tokens: spend.input_tokens,
      output_tokens: spend.output_tokens,
      cost_micros: spend.cost_micros,
      metadata: {
        reply_to: userMessage.id,
        finish: interrupted ? "error" : limitHit ? "tool_limit" : parts.finish,
        ...(failed.length ? { attempts: answer.attempts } : {}),
        // Thinking is kept for the record (and a later tool loop), never shown to visitors.
        ...(parts.thinking ? { thinking: parts.thinking, thinking_signature: parts.signature || null } : {}),
        ...(answer.toolCalls ? { tools: { rounds: answer.rounds, calls: answer.toolCalls } } : {}),
        ...(limitHit ? { tool_limit: limitHit } : {}),
        // Calls the model made in its last round that did not run (a bound was hit).
        ...(limitHit && parts.toolCalls.length ? { tool_calls: parts.toolCalls } : {}),
        ...(fitted.compacted || fitted.dropped
          ? { context: { compacted: !!fitted.compacted, dropped: fitted.dropped } }
          : {}),
      },
    },
    () =>
      settleHoldStatements(env.DB, input.hold, {
        // An answer no model produced (the quota or a rate limit stopped it first) is not a message of the month.
        messages: answer.rounds > 0 ? 1 : 0,
        input_tokens: spend.input_tokens + compaction.input_tokens,
        output_tokens: spend.output_tokens + compaction.output_tokens,
        cost_micros: spend.cost_micros + compaction.cost_micros,
      }),
  );
  await saveContext(env.CACHE, input.tenantId, session.id, input.context.startSeq, [
    ...fitted.messages,
    toContext(stored),
  ]).catch((error) => input.log({ level: "warn", where: "context cache", error: String(error) }));
  return stored;
}
