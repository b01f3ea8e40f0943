import type { KnowledgeSnippet } from "../tenants/config";

/**
 * One interface for every model: a provider turns a request into a stream of normalized events.
 * Real providers (Anthropic, OpenAI-compatible, Workers AI) and the offline responder all speak it.
 */

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  model: string;
  system: string;
  messages: ChatMessage[];
  knowledge: readonly KnowledgeSnippet[];
  maxOutputTokens: number;
  signal?: AbortSignal;
}

export type FinishReason = "stop" | "length" | "tool_use" | "error";

export type ModelEvent =
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; text: string }
  | { type: "tool_call"; id: string; name: string; input: unknown }
  | { type: "usage"; input_tokens: number; output_tokens: number }
  | { type: "finish"; reason: FinishReason };

export interface ModelProvider {
  /** Provider id, e.g. `offline`, `anthropic`. */
  readonly id: string;
  stream(request: ChatRequest): AsyncIterable<ModelEvent>;
}

/** A rough token count (about four characters a token) where a provider reports none. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
