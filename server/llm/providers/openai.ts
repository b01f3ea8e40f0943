import OpenAI from "openai";
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import {
  parseToolArguments,
  systemPrompt,
  type ChatMessage,
  type ChatRequest,
  type FinishReason,
  type ModelEvent,
  type ModelProvider,
} from "../provider";
import { clientCache } from "./client-cache";

/**
 * Any OpenAI-compatible `/v1/chat/completions` endpoint (OpenAI, Ollama, vLLM, a gateway) through
 * the official `openai` client, streaming with tool calls. SDK retries are off: the fallback chain
 * retries (see anthropic.ts for why).
 */

export interface OpenAiCredential {
  /** Local servers such as Ollama need none; the client still wants a non-empty string. */
  apiKey: string | null;
  /** null: api.openai.com. A custom endpoint ends in `/v1`. */
  baseURL: string | null;
}

const clients = clientCache<OpenAI>();

export function openAiProvider(credential: OpenAiCredential): ModelProvider {
  const client = clients.get(`${credential.baseURL}\n${credential.apiKey}`, () => {
    return new OpenAI({
      apiKey: credential.apiKey ?? "unused",
      baseURL: credential.baseURL ?? undefined,
      maxRetries: 0,
    });
  });
  return {
    id: "openai",
    async *stream(request: ChatRequest): AsyncIterable<ModelEvent> {
      const stream = await client.chat.completions.create(openAiParams(request, credential.baseURL === null), {
        signal: request.signal,
      });
      const calls = new Map<number, { id: string; name: string; args: string }>();
      let usage: { input_tokens: number; output_tokens: number } | null = null;
      let finish: FinishReason = "stop";
      for await (const chunk of stream) {
        if (chunk.usage) {
          usage = { input_tokens: chunk.usage.prompt_tokens, output_tokens: chunk.usage.completion_tokens };
        }
        for (const choice of chunk.choices ?? []) {
          const delta = choice.delta ?? {};
          if (delta.content) yield { type: "text_delta", text: delta.content };
          for (const call of delta.tool_calls ?? []) {
            const current = calls.get(call.index) ?? { id: "", name: "", args: "" };
            if (call.id) current.id = call.id;
            if (call.function?.name) current.name += call.function.name;
            if (call.function?.arguments) current.args += call.function.arguments;
            calls.set(call.index, current);
          }
          if (choice.finish_reason) finish = finishReason(choice.finish_reason);
        }
      }
      for (const [, call] of [...calls].sort(([a], [b]) => a - b)) {
        yield { type: "tool_call", id: call.id, name: call.name, input: parseToolArguments(call.args) };
      }
      if (usage) yield { type: "usage", ...usage };
      yield { type: "finish", reason: calls.size > 0 && finish === "stop" ? "tool_use" : finish };
    },
  };
}

/**
 * OpenAI's own API wants `max_completion_tokens` (its reasoning models refuse `max_tokens`);
 * compatible servers (Ollama, vLLM, gateways) reliably understand `max_tokens`.
 */
export function openAiParams(request: ChatRequest, official: boolean): ChatCompletionCreateParamsStreaming {
  const system = systemPrompt(request);
  return {
    model: request.model,
    messages: [
      ...(system ? [{ role: "system" as const, content: system }] : []),
      ...toOpenAiMessages(request.messages),
    ],
    stream: true,
    stream_options: { include_usage: true },
    ...(official ? { max_completion_tokens: request.maxOutputTokens } : { max_tokens: request.maxOutputTokens }),
    ...(request.tools?.length
      ? {
          tools: request.tools.map((t) => ({
            type: "function" as const,
            function: { name: t.name, description: t.description, parameters: t.input_schema },
          })),
          ...(request.toolChoice
            ? {
                tool_choice:
                  typeof request.toolChoice === "string"
                    ? request.toolChoice
                    : { type: "function" as const, function: { name: request.toolChoice.name } },
              }
            : {}),
        }
      : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.stop?.length ? { stop: [...request.stop] } : {}),
  };
}

export function toOpenAiMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    if (message.role === "tool") {
      return { role: "tool", tool_call_id: message.tool_call_id, content: message.content };
    }
    if (message.role === "assistant" && message.tool_calls?.length) {
      return {
        role: "assistant",
        content: message.content || null,
        tool_calls: message.tool_calls.map((call) => ({
          id: call.id,
          type: "function" as const,
          function: {
            name: call.name,
            arguments: typeof call.input === "string" ? call.input : JSON.stringify(call.input ?? {}),
          },
        })),
      };
    }
    return { role: message.role, content: message.content };
  });
}

function finishReason(reason: string): FinishReason {
  if (reason === "tool_calls" || reason === "function_call") return "tool_use";
  if (reason === "length") return "length";
  return "stop";
}
