import type { KnowledgeSnippet } from "../tenants/config";

/**
 * One interface for every model: a provider turns a request into a stream of normalized events.
 * Real providers (Anthropic, OpenAI-compatible, Workers AI) and the offline responder all speak it.
 * Failures are thrown (see errors.ts for how they are classified); a provider never retries on its
 * own, so the fallback chain decides what happens next.
 */

export type ProviderId = "anthropic" | "openai" | "workers-ai" | "offline";

/** A tool the model may call: a JSON schema for its input. The tool loop runs them ([Tools]). */
export interface ToolSpec {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

/**
 * A conversation as providers receive it. Assistant messages may carry the tool calls they made,
 * and `tool` messages carry a call's result, so the model loop can call tools and continue.
 */
export type ChatMessage =
  | { role: "user"; content: string }
  | {
      role: "assistant";
      content: string;
      tool_calls?: ToolCall[];
      /** Anthropic extended thinking of a tool-calling message, to send back as the API requires. */
      thinking?: { text: string; signature: string };
    }
  | { role: "tool"; tool_call_id: string; content: string; is_error?: boolean };

export interface ChatRequest {
  model: string;
  system: string;
  messages: ChatMessage[];
  knowledge: readonly KnowledgeSnippet[];
  maxOutputTokens: number;
  tools?: readonly ToolSpec[];
  /** Extended thinking budget in tokens; absent or 0 for none. Only for models that support it. */
  thinkingBudget?: number;
  /** Sampling knobs a developer may set through the API; absent: the provider's defaults. */
  temperature?: number;
  stop?: readonly string[];
  /** Whether and which tool the model must call; absent: the model decides (`auto`). */
  toolChoice?: ToolChoice;
  signal?: AbortSignal;
}

export type ToolChoice = "auto" | "none" | "required" | { name: string };

export type FinishReason = "stop" | "length" | "tool_use" | "error";

export type ModelEvent =
  | { type: "text_delta"; text: string }
  | { type: "thinking_delta"; text: string }
  /** Opaque proof of a thinking block, needed to send it back when a tool loop continues. */
  | { type: "thinking_signature"; signature: string }
  /** A complete tool call: arguments streamed in pieces are joined and parsed first. */
  | { type: "tool_call"; id: string; name: string; input: unknown }
  | { type: "usage"; input_tokens: number; output_tokens: number }
  | { type: "finish"; reason: FinishReason };

export interface ModelProvider {
  /** Provider id, e.g. `offline`, `anthropic`. */
  readonly id: ProviderId;
  stream(request: ChatRequest): AsyncIterable<ModelEvent>;
}

/**
 * A tool call's streamed arguments, parsed. Text that is not JSON is kept as the string, so the tool
 * loop can tell the model its arguments were invalid (and it can correct them) instead of failing
 * the whole answer.
 */
export function parseToolArguments(json: string): unknown {
  if (!json.trim()) return {};
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

/** Knowledge snippets as a block the system prompt can carry to a real model. */
export function knowledgeBlock(knowledge: readonly KnowledgeSnippet[]): string {
  if (knowledge.length === 0) return "";
  const snippets = knowledge.map((s) => `## ${s.title}\n${s.content.trim()}`).join("\n\n");
  return `Answer from this knowledge base when it is relevant. If it does not cover a question, say so.\n\n${snippets}`;
}

/** The system prompt a real model gets: the tenant's prompt, then its knowledge. */
export function systemPrompt(request: Pick<ChatRequest, "system" | "knowledge">): string {
  return [request.system.trim(), knowledgeBlock(request.knowledge)].filter(Boolean).join("\n\n");
}
