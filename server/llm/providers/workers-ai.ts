import { systemPrompt, type ChatRequest, type ModelEvent, type ModelProvider } from "../provider";

/**
 * Cloudflare Workers AI through the `AI` binding, which exists only where it is bound (the
 * production environment in wrangler.toml); without it the router never offers these models.
 * Streams are SSE: `data: {"response": "...", "usage"?: {...}}` lines, ended by `data: [DONE]`.
 * Text only for now: tool calls stay with the providers that stream them reliably.
 */

interface WorkersAiChunk {
  response?: string;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

export function workersAiProvider(ai: Ai): ModelProvider {
  return {
    id: "workers-ai",
    async *stream(request: ChatRequest): AsyncIterable<ModelEvent> {
      const system = systemPrompt(request);
      const messages = [
        ...(system ? [{ role: "system", content: system }] : []),
        ...request.messages.flatMap((m) => (m.role === "tool" ? [] : [{ role: m.role, content: m.content }])),
      ];
      const body = (await ai.run(request.model, { messages, max_tokens: request.maxOutputTokens, stream: true }, {
        signal: request.signal,
      } as AiOptions)) as unknown;
      if (!(body instanceof ReadableStream)) throw new Error("Workers AI returned no stream");
      let usage: { input_tokens: number; output_tokens: number } | null = null;
      for await (const data of sseData(body as ReadableStream<Uint8Array>)) {
        if (data === "[DONE]") break;
        const chunk = JSON.parse(data) as WorkersAiChunk;
        if (chunk.response) yield { type: "text_delta", text: chunk.response };
        if (chunk.usage) {
          usage = { input_tokens: chunk.usage.prompt_tokens ?? 0, output_tokens: chunk.usage.completion_tokens ?? 0 };
        }
      }
      if (usage) yield { type: "usage", ...usage };
      yield { type: "finish", reason: "stop" };
    },
  };
}

/** The `data:` payloads of an SSE byte stream, one per event. */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r?\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(buffer[newline] === "\r" ? newline + 2 : newline + 1);
        if (line === "") {
          if (data.length) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data:")) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      }
      if (done) break;
    }
    if (data.length) yield data.join("\n");
  } finally {
    reader.releaseLock();
  }
}
