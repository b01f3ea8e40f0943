import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import OpenAI from "openai";
import { createApp } from "../app";

/**
 * The developer API as its users reach it: the official `openai` client (its `fetch` calls the
 * Worker's app inside workerd, with an env of the test's choosing, e.g. pointing at a fake
 * upstream) and plain fetch. `settled()` waits for everything the requests handed to waitUntil
 * (a streamed turn outlives its response; an idempotent response is stored after it).
 */

const app = createApp();
export const BASE = "http://clawless.test";

export interface ApiHarness {
  client: OpenAI;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  settled(): Promise<void>;
}

export function apiHarness(secretKey: string, testEnv: Env = env): ApiHarness {
  const pending: ExecutionContext[] = [];
  const send = async (request: Request): Promise<Response> => {
    const ctx = createExecutionContext();
    pending.push(ctx);
    return app.fetch(request, testEnv, ctx);
  };
  const client = new OpenAI({
    apiKey: secretKey,
    baseURL: `${BASE}/v1`,
    maxRetries: 0,
    fetch: ((url: string | URL | Request, init?: RequestInit) => send(new Request(url, init))) as typeof fetch,
  });
  return {
    client,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("Authorization")) headers.set("Authorization", `Bearer ${secretKey}`);
      if (typeof init.body === "string" && !headers.has("Content-Type"))
        headers.set("Content-Type", "application/json");
      return send(new Request(`${BASE}${path}`, { ...init, headers }));
    },
    async settled() {
      while (pending.length) await Promise.all(pending.splice(0).map((ctx) => waitOnExecutionContext(ctx)));
    },
  };
}

export async function usageRow(tenantId: string) {
  return env.DB.prepare("SELECT messages, input_tokens, output_tokens FROM usage WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ messages: number; input_tokens: number; output_tokens: number }>();
}

/** The `data:` payloads of an OpenAI-style stream, in order (`[DONE]` kept as the string). */
export function dataFrames(text: string): unknown[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => frame.slice(6))
    .map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
}
