import type { CatalogEntry } from "../models/catalog";
import { fitKnowledge, snippetTokens } from "../llm/knowledge-fit";
import { thinkingBudget, type Route } from "../llm/routing/router";
import { estimateTokens } from "../llm/tokens";
import type { Tenant } from "../tenants/tenant";
import { requestInputTokens } from "./model-calls";

/**
 * How a model's window is shared by one turn: room for the answer (and thinking), the knowledge
 * that fits, then the conversation. Used to fit the context, to build each request, and for the
 * quota a turn reserves before it starts.
 */

export const MAX_OUTPUT_TOKENS = 1024;
/** Room kept free in a window for what estimates miss (tool schemas, formatting). */
export const WINDOW_MARGIN = (window: number) => Math.ceil(window * 0.05) + 256;
/** Knowledge may use at most this share of what a window leaves for input. */
const KNOWLEDGE_SHARE = 0.4;

/** How a model's window is shared: output (and thinking), knowledge, then the conversation. */
export function contextBudget(entry: CatalogEntry, tenant: Tenant, question: string) {
  const thinking = thinkingBudget(entry, tenant.config.model.thinking);
  const maxOutput = Math.min(MAX_OUTPUT_TOKENS, entry.max_output);
  const input = Math.max(0, entry.context_window - maxOutput - thinking - WINDOW_MARGIN(entry.context_window));
  const knowledge = fitKnowledge(tenant.config.assistant.knowledge, question, Math.floor(input * KNOWLEDGE_SHARE));
  const fixed =
    estimateTokens(tenant.config.assistant.system_prompt) +
    knowledge.reduce((sum, s) => sum + snippetTokens(s), 0) +
    64;
  return { maxOutput, thinking, knowledge, messages: Math.max(64, input - fixed) };
}

/**
 * The input tokens a turn reserves before its message is stored: its first model call without the
 * stored history (the prompt, the knowledge that fits, the message). The turn grows its hold to the
 * real request before each call; reserving the opening share up front keeps a burst from being
 * admitted on the message's size alone and then stalling at its first call.
 */
export function openingInputTokens(tenant: Tenant, route: Route, content: string): number {
  const budget = contextBudget(route.chain[0]!.entry, tenant, content);
  return requestInputTokens({
    model: route.chain[0]!.entry.id,
    system: tenant.config.assistant.system_prompt,
    messages: [{ role: "user", content }],
    knowledge: budget.knowledge,
    maxOutputTokens: budget.maxOutput,
  });
}
