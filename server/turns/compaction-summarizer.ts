import type { Usage } from "../models/catalog";
import { runWithFallback, type ChainLink } from "../llm/fallback";
import type { ChatRequest } from "../llm/provider";
import type { ModelTuning } from "../llm/settings";
import { truncateToBudget, type Summarizer } from "../sessions/compaction";
import { estimateTokens } from "../llm/tokens";
import type { ContextMessage } from "../sessions/context-cache";
import { WINDOW_MARGIN } from "./context-budget";
import { addSpend, requestInputTokens, type ModelCallGate, type Spend } from "./model-calls";

/**
 * Compaction summaries for a context that outgrew its window: written by the cheapest models,
 * through the same fallback machinery (never the offline one), admitted by the turn's gate like any
 * model call, their usage added to the turn's.
 */

const SUMMARY_PROMPT =
  "You keep the memory of a conversation between a website's assistant and a visitor. Write a concise summary " +
  "(at most 200 words) of the conversation you are given, folding in the previous summary if there is one. Keep " +
  "facts, names, numbers, decisions and open questions. Reply with the summary only.";

export function summarizer(
  links: ChainLink[],
  tuning: ModelTuning,
  spend: Spend,
  log: (fields: Record<string, unknown>) => void,
  admit: ModelCallGate,
): Summarizer {
  return async (previous, older) => {
    const transcript = older.map((m: ContextMessage) => `${m.role === "user" ? "Visitor" : "Assistant"}: ${m.content}`);
    const request = (link: ChainLink): ChatRequest => {
      const room = Math.max(256, link.entry.context_window - 1_024 - WINDOW_MARGIN(link.entry.context_window));
      const text = [previous ? `Previous summary:\n${previous}\n` : "", "Conversation:", ...transcript].join("\n");
      const fit = truncateToBudget(
        [{ seq: 0, role: "user", content: text }],
        null,
        room - estimateTokens(SUMMARY_PROMPT),
      );
      return {
        model: link.entry.id,
        system: SUMMARY_PROMPT,
        messages: fit.messages,
        knowledge: [],
        maxOutputTokens: 512,
      };
    };
    const refusal = await admit(requestInputTokens(request(links[0]!)));
    if (refusal) {
      log({ level: "warn", where: "compaction", error: refusal });
      return null;
    }
    let text = "";
    let used: Usage | null = null;
    const run = runWithFallback(links, request, tuning);
    let step = await run.next();
    while (!step.done) {
      const event = step.value;
      if (event.type === "attempt") text = "";
      else if (event.type === "text_delta") text += event.text;
      else if (event.type === "usage") used = event;
      step = await run.next();
    }
    const outcome = step.value;
    if (!outcome.link || outcome.interrupted || !text.trim()) {
      log({ level: "warn", where: "compaction", error: outcome.error?.message ?? "empty summary" });
      return null;
    }
    if (used) addSpend(spend, outcome.link.entry, used);
    return text.trim();
  };
}
