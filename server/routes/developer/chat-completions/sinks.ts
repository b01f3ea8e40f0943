import type { ToolCall } from "../../../llm/provider";
import { randomString } from "../../../lib/crypto";
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage, OpenAiFinishReason } from "./schemas";

/**
 * Where a completion's output goes: OpenAI's streamed chunks, or one chat.completion object when
 * it is done. Both runners (stateless and in a session) write to this one interface.
 */

export interface CompletionResult {
  model: string;
  text: string;
  toolCalls: ToolCall[];
  finish: OpenAiFinishReason;
  usage: CompletionUsage;
}

/** OpenAI's error object, as a stream carries it after a failure mid-answer. */
export interface CompletionFailure {
  message: string;
  type: string;
  code: string;
}

export interface CompletionSink {
  /** The answering model is known; called before any text (again only if nothing was sent). */
  start(model: string): void;
  text(delta: string): void;
  finish(result: CompletionResult): void;
  fail(failure: CompletionFailure): void;
}

export interface CompletionIdentity {
  id: string;
  created: number;
}

export function completionIdentity(): CompletionIdentity {
  return { id: `chatcmpl-${randomString(29)}`, created: Math.floor(Date.now() / 1000) };
}

export const usageOf = (input: number, output: number): CompletionUsage => ({
  prompt_tokens: input,
  completion_tokens: output,
  total_tokens: input + output,
});

const encoder = new TextEncoder();

/**
 * OpenAI's stream: `data: <chunk>` frames with one id throughout, the role first, content deltas,
 * tool calls, a last choice chunk with `finish_reason`, the usage chunk (`choices: []`) when asked
 * for, then `data: [DONE]`. Writes after the client has gone are dropped: the turn still finishes.
 */
export function openAiStream(identity: CompletionIdentity, includeUsage: boolean, headers: Record<string, string>) {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let closed = false;
  let model: string | null = null;
  const write = (data: string) => {
    if (closed) return;
    writer.write(encoder.encode(`data: ${data}\n\n`)).catch(() => undefined);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    writer.close().catch(() => undefined);
  };
  const chunk = (
    delta: ChatCompletionChunk["choices"][number]["delta"],
    finish: OpenAiFinishReason | null = null,
  ): ChatCompletionChunk => ({
    id: identity.id,
    object: "chat.completion.chunk",
    created: identity.created,
    model: model ?? "",
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const sink: CompletionSink = {
    start(name) {
      if (model !== null) return;
      model = name;
      write(JSON.stringify(chunk({ role: "assistant", content: "" })));
    },
    text(delta) {
      write(JSON.stringify(chunk({ content: delta })));
    },
    finish(result) {
      sink.start(result.model);
      result.toolCalls.forEach((call, index) => {
        const fn = { name: call.name, arguments: JSON.stringify(call.input ?? {}) };
        write(JSON.stringify(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: fn }] })));
      });
      write(JSON.stringify(chunk({}, result.finish)));
      if (includeUsage) write(JSON.stringify({ ...chunk({}), choices: [], usage: result.usage }));
      write("[DONE]");
      close();
    },
    fail(failure) {
      write(JSON.stringify({ error: { ...failure, param: null } }));
      close();
    },
  };
  const response = new Response(readable, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      ...headers,
    },
  });
  return { response, sink };
}

/** Collects a whole completion; `done` settles with the chat.completion object or the failure. */
export function collectedCompletion(identity: CompletionIdentity) {
  let settle: (value: ChatCompletion | CompletionFailure) => void = () => undefined;
  const done = new Promise<ChatCompletion | CompletionFailure>((resolve) => (settle = resolve));
  const sink: CompletionSink = {
    start() {},
    text() {},
    finish(result) {
      settle({
        id: identity.id,
        object: "chat.completion",
        created: identity.created,
        model: result.model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: result.text || (result.toolCalls.length ? null : ""),
              refusal: null,
              ...(result.toolCalls.length
                ? {
                    tool_calls: result.toolCalls.map((call) => ({
                      id: call.id,
                      type: "function" as const,
                      function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) },
                    })),
                  }
                : {}),
            },
            finish_reason: result.finish,
            logprobs: null,
          },
        ],
        usage: result.usage,
      });
    },
    fail: (failure) => settle(failure),
  };
  return { sink, done };
}

export function isFailure(value: ChatCompletion | CompletionFailure): value is CompletionFailure {
  return !("object" in value);
}
