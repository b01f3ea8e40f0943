import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createApp } from "../app";
import { ORIGIN, parseSse, type WidgetClient } from "./helpers";

/**
 * Requests into the Worker's app with an env of the test's choosing (e.g. provider secrets
 * pointing at a fake upstream scenario), and a handle on the request's waitUntil work, so a test
 * can wait for a turn that outlives its response to be stored.
 */

const app = createApp();

export interface Sent {
  response: Response;
  /** Resolves when everything the request handed to waitUntil has finished. */
  settled(): Promise<void>;
}

export async function widgetRequest(
  testEnv: Env,
  client: WidgetClient,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (client.origin !== null) headers.Origin = client.origin ?? ORIGIN;
  if (client.visitor) headers["X-Clawless-Visitor"] = client.visitor;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const sep = path.includes("?") ? "&" : "?";
  const request = new Request(`http://clawless.test/v1/widget${path}${sep}key=${encodeURIComponent(client.key)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const ctx = createExecutionContext();
  const response = await app.fetch(request, testEnv, ctx);
  return { response, settled: () => waitOnExecutionContext(ctx) };
}

/** Sends a message and reads the whole answer stream. */
export async function sendMessage(testEnv: Env, client: WidgetClient, conversationId: string, body: unknown) {
  const sent = await widgetRequest(testEnv, client, "POST", `/conversations/${conversationId}/messages`, body);
  const text = await sent.response.text();
  await sent.settled();
  const events = sent.response.ok ? parseSse(text) : [];
  return { response: sent.response, events, text };
}

export function doneMessage(events: ReturnType<typeof parseSse>) {
  const done = events.find((e) => e.data.type === "message.done")?.data;
  if (done?.type !== "message.done")
    throw new Error(`no message.done in ${JSON.stringify(events.map((e) => e.data.type))}`);
  return done.message;
}

export function deltasOf(events: ReturnType<typeof parseSse>): string {
  return events.flatMap((e) => (e.data.type === "text.delta" ? [e.data.text] : [])).join("");
}

export async function storedMessage(id: string) {
  return env.DB.prepare("SELECT * FROM messages WHERE id = ?").bind(id).first<{
    model: string;
    model_reason: string;
    status: string;
    cost_micros: number;
    metadata: string;
    input_tokens: number;
    output_tokens: number;
    content: string;
  }>();
}
