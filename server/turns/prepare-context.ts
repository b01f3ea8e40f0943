import type { ModelTuning } from "../llm/settings";
import { fitContext, type FitResult } from "../sessions/compaction";
import { CONTEXT_MESSAGES, loadContext } from "../sessions/context-cache";
import { summarizer } from "./compaction-summarizer";
import { contextBudget } from "./context-budget";
import type { ModelCallGate, Spend } from "./model-calls";
import type { TurnInput } from "./turn-input";

/**
 * The conversation a turn's model sees: the stored context (from the cache, else D1), fitted to the
 * first model's window — compacted into a summary when it outgrew it (the summary is stored, so the
 * next turn starts from it), or trimmed when no model can summarize.
 */

export interface PreparedContext {
  fitted: FitResult;
  /** The first message the cached context covers after this turn. */
  startSeq: number;
}

export interface PrepareContextInput extends Pick<
  TurnInput,
  "env" | "tenant" | "store" | "session" | "userMessage" | "route"
> {
  tuning: ModelTuning;
  /** Admits the summary's model call (the turn's quota and rate limit). */
  admit: ModelCallGate;
  /** Where the summary's usage is added. */
  spend: Spend;
  log: (fields: Record<string, unknown>) => void;
}

export async function prepareContext(input: PrepareContextInput): Promise<PreparedContext> {
  const { env, tenant, store, session, userMessage, route } = input;
  const context = await loadContext(env.CACHE, store, tenant.id, session, userMessage);
  const primary = route.chain[0]!;
  const fitted = await fitContext({
    messages: context.messages,
    summary: context.summary,
    budget: contextBudget(primary.entry, tenant, userMessage.content).messages,
    maxMessages: CONTEXT_MESSAGES,
    summarize:
      primary.entry.provider === "offline" || route.summarizers.length === 0
        ? null
        : summarizer(route.summarizers, input.tuning, input.spend, input.log, input.admit),
  });
  const { compacted } = fitted;
  if (compacted && (await store.saveSummary(session.id, compacted.summary, compacted.throughSeq))) {
    return { fitted, startSeq: compacted.throughSeq };
  }
  return { fitted, startSeq: context.startSeq };
}
