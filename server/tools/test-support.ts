import { env } from "cloudflare:workers";
import { envFor, type FakeScenario } from "../test/fake-upstreams/client";
import { createTenant, parseSse, startConversation, type ParsedEvent } from "../test/helpers";
import type { TenantConfigInput } from "../tenants/config";

/** Shared by the tools' tests (imported only by *.test.ts files). */

/** A tenant with these tool settings, a visitor and a conversation. */
export async function toolTenant(tools: NonNullable<TenantConfigInput["tools"]>, config: TenantConfigInput = {}) {
  const { tenant, keys } = await createTenant({ tools, ...config });
  const conversation = await startConversation(keys.publishable);
  return { tenant, keys, ...conversation };
}

/** The env for a turn against the scenario: fast polling for client tools. */
export function toolEnv(
  fake: FakeScenario,
  providers: { anthropic?: boolean; openai?: boolean } = { anthropic: true },
  extra: Record<string, string> = {},
) {
  return envFor(env, fake, providers, { TOOL_CLIENT_POLL_MS: "20", ...extra });
}

/** Reads a live SSE response bit by bit: `until` returns once the events so far satisfy it. */
export function sseReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let done = false;
  const events = () => parseSse(text.slice(0, text.lastIndexOf("\n\n") + 2));
  return {
    async until(stop: (events: ParsedEvent[]) => boolean): Promise<ParsedEvent[]> {
      while (!stop(events())) {
        if (done) throw new Error(`stream ended first: ${JSON.stringify(events().map((e) => e.data.type))}`);
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      return events();
    },
    async rest(): Promise<ParsedEvent[]> {
      while (!done) {
        const chunk = await reader.read();
        if (chunk.done) done = true;
        else text += decoder.decode(chunk.value, { stream: true });
      }
      return events();
    },
  };
}

/** Tool executions of a session, as stored. */
export async function auditRows(sessionId: string) {
  const { results } = await env.DB.prepare(
    "SELECT tool, call_id, input, output, error, duration_ms, session_id, message_id FROM tool_executions WHERE session_id = ? ORDER BY created_at, id",
  )
    .bind(sessionId)
    .all<{
      tool: string;
      call_id: string;
      input: string;
      output: string | null;
      error: string | null;
      duration_ms: number;
      session_id: string;
      message_id: string;
    }>();
  return results;
}

export const types = (events: ParsedEvent[]) => events.map((e) => e.data.type);

/** A tool call as the fake upstream streams it: arguments cut in two pieces. */
export function call(id: string, name: string, args: unknown | string) {
  const json = typeof args === "string" ? args : JSON.stringify(args);
  const cut = Math.ceil(json.length / 2);
  return { id, name, args: [json.slice(0, cut), json.slice(cut)] };
}

/** A context for calling a tool directly, as the model loop would; `events` records what it streamed. */
export function directContext(
  tenant: import("../tenants/tenant").Tenant,
  session: import("../sessions/repository").SessionRecord,
  overrides: Partial<import("./tool").ToolContext> = {},
) {
  const events: import("../streaming/events").StreamEvent[] = [];
  const context: import("./tool").ToolContext = {
    env,
    tenant,
    session,
    principal:
      session.channel === "widget" && session.visitor_id
        ? { kind: "visitor", owner: { visitorId: session.visitor_id, userId: session.user_id } }
        : { kind: "api" },
    turnId: "msg_0000000000000000000000",
    messageId: "msg_1111111111111111111111",
    callId: "call_direct",
    channel: { send: (e) => events.push(e), close: async () => {}, disconnected: false },
    signal: new AbortController().signal,
    deadline: Date.now() + 60_000,
    depth: 0,
    forward: async () => ({ ok: false, error: "no forwarding in a direct call" }),
    ...overrides,
  };
  return { context, events };
}
