import Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsStreaming, MessageParam } from "@anthropic-ai/sdk/resources/messages";
import {
  parseToolArguments,
  systemPrompt,
  type ChatMessage,
  type ChatRequest,
  type FinishReason,
  type ModelEvent,
  type ModelProvider,
  type ToolChoice,
} from "../provider";
import { clientCache } from "./client-cache";

/**
 * Claude through the official SDK, streaming. The SDK's own retries are off (`maxRetries: 0`):
 * the fallback chain retries, so that a retry never follows text the visitor has already seen and
 * a long `retry-after` moves on to the next model instead of waiting.
 */

export interface AnthropicCredential {
  apiKey: string;
  baseURL: string | null;
}

const clients = clientCache<Anthropic>();

export function anthropicProvider(credential: AnthropicCredential): ModelProvider {
  const client = clients.get(`${credential.baseURL}\n${credential.apiKey}`, () => {
    return new Anthropic({ apiKey: credential.apiKey, baseURL: credential.baseURL ?? undefined, maxRetries: 0 });
  });
  return {
    id: "anthropic",
    async *stream(request: ChatRequest): AsyncIterable<ModelEvent> {
      const stream = await client.messages.create(anthropicParams(request), { signal: request.signal });
      const toolInputs = new Map<number, { id: string; name: string; json: string }>();
      let inputTokens = 0;
      let outputTokens = 0;
      let finish: FinishReason = "stop";
      for await (const event of stream) {
        switch (event.type) {
          case "message_start": {
            const usage = event.message.usage;
            inputTokens =
              (usage.input_tokens ?? 0) +
              (usage.cache_creation_input_tokens ?? 0) +
              (usage.cache_read_input_tokens ?? 0);
            outputTokens = usage.output_tokens ?? 0;
            break;
          }
          case "content_block_start":
            if (event.content_block.type === "tool_use") {
              const block = event.content_block;
              toolInputs.set(event.index, { id: block.id, name: block.name, json: "" });
            }
            break;
          case "content_block_delta": {
            const delta = event.delta;
            if (delta.type === "text_delta") yield { type: "text_delta", text: delta.text };
            else if (delta.type === "thinking_delta") yield { type: "thinking_delta", text: delta.thinking };
            else if (delta.type === "signature_delta") yield { type: "thinking_signature", signature: delta.signature };
            else if (delta.type === "input_json_delta") {
              const tool = toolInputs.get(event.index);
              if (tool) tool.json += delta.partial_json;
            }
            break;
          }
          case "content_block_stop": {
            const tool = toolInputs.get(event.index);
            if (tool) {
              toolInputs.delete(event.index);
              yield { type: "tool_call", id: tool.id, name: tool.name, input: parseToolArguments(tool.json) };
            }
            break;
          }
          case "message_delta":
            // Usage here is cumulative for the whole message.
            if (event.usage.input_tokens != null) {
              inputTokens =
                event.usage.input_tokens +
                (event.usage.cache_creation_input_tokens ?? 0) +
                (event.usage.cache_read_input_tokens ?? 0);
            }
            outputTokens = event.usage.output_tokens ?? outputTokens;
            finish = finishReason(event.delta.stop_reason);
            break;
          default:
            break;
        }
      }
      yield { type: "usage", input_tokens: inputTokens, output_tokens: outputTokens };
      yield { type: "finish", reason: finish };
    },
  };
}

export function anthropicParams(request: ChatRequest): MessageCreateParamsStreaming {
  const budget = request.thinkingBudget ?? 0;
  const system = systemPrompt(request);
  return {
    model: request.model,
    // Thinking tokens count against max_tokens, which must exceed the budget.
    max_tokens: request.maxOutputTokens + budget,
    messages: toAnthropicMessages(request.messages),
    stream: true,
    ...(system ? { system } : {}),
    ...(budget > 0 ? { thinking: { type: "enabled", budget_tokens: budget } } : {}),
    ...(request.tools?.length
      ? {
          tools: request.tools.map((t) => ({
            name: t.name,
            description: t.description,
            input_schema: { type: "object" as const, ...t.input_schema },
          })),
          ...(request.toolChoice ? { tool_choice: anthropicToolChoice(request.toolChoice) } : {}),
        }
      : {}),
    // Anthropic's range is 0–1 (OpenAI's 0–2); extended thinking refuses any but the default.
    ...(request.temperature !== undefined && budget === 0 ? { temperature: Math.min(1, request.temperature) } : {}),
    ...(request.stop?.length ? { stop_sequences: [...request.stop] } : {}),
  };
}

function anthropicToolChoice(choice: ToolChoice): NonNullable<MessageCreateParamsStreaming["tool_choice"]> {
  if (choice === "auto") return { type: "auto" };
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any" };
  return { type: "tool", name: choice.name };
}

/** Tool results travel as `tool_result` blocks of a user message; consecutive ones are merged. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === "user") {
      out.push({ role: "user", content: message.content });
    } else if (message.role === "assistant") {
      const calls = message.tool_calls ?? [];
      if (calls.length === 0) {
        out.push({ role: "assistant", content: message.content });
        continue;
      }
      out.push({
        role: "assistant",
        content: [
          ...(message.thinking?.signature
            ? [{ type: "thinking" as const, thinking: message.thinking.text, signature: message.thinking.signature }]
            : []),
          ...(message.content ? [{ type: "text" as const, text: message.content }] : []),
          ...calls.map((call) => ({
            type: "tool_use" as const,
            id: call.id,
            name: call.name,
            // Arguments that were not a JSON object (see parseToolArguments) go back as {}: the tool
            // result that follows tells the model what was wrong.
            input: isObject(call.input) ? call.input : {},
          })),
        ],
      });
    } else {
      const block = {
        type: "tool_result" as const,
        tool_use_id: message.tool_call_id,
        content: message.content,
        ...(message.is_error ? { is_error: true } : {}),
      };
      const previous = out.at(-1);
      if (previous?.role === "user" && Array.isArray(previous.content)) {
        (previous.content as unknown[]).push(block);
      } else {
        out.push({ role: "user", content: [block] });
      }
    }
  }
  return out;
}

function finishReason(reason: string | null | undefined): FinishReason {
  if (reason === "tool_use") return "tool_use";
  if (reason === "max_tokens" || reason === "model_context_window_exceeded") return "length";
  return "stop";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
