import type { Page, Route } from "@playwright/test";
import type { Message, StreamEvent, Tenant } from "../api/types";

export const API_ORIGIN = "http://api.test";
export const HOST_ORIGIN = "http://host.test";
export const PUBLISHABLE_KEY = "pk_test_123";

/** What the fake server does with the next visitor message. */
export type Reply =
  | { kind: "answer"; chunks: string[] }
  /** Raw stream events, sent as one SSE body (e.g. an `error` event, or a stream cut short). */
  | { kind: "events"; events: (content: string, conversationId: string) => StreamEvent[] }
  | { kind: "http-error"; status: number; type: string; message: string }
  /** Never answers: the request stays open until the page aborts it. */
  | { kind: "hang" };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

const CORS = {
  "Access-Control-Allow-Origin": HOST_ORIGIN,
  "Access-Control-Allow-Methods": "GET, POST",
  "Access-Control-Allow-Headers": "content-type, x-clawless-visitor",
};

/**
 * A scripted widget API on a fake origin, speaking the Worker's exact formats (JSON bodies, the
 * one error shape, SSE frames `id:`/`event:`/`data:` with heartbeat comments). State lives in the
 * test, so it survives page reloads.
 */
export class FakeApi {
  tenant: Tenant = {
    name: "Acme Support",
    greeting: "Hi! How can we help you today?",
    suggested_prompts: ["What are your opening hours?", "Where is my order?"],
    theme: {},
  };
  readonly conversations = new Map<string, Message[]>();
  readonly requests: RecordedRequest[] = [];
  readonly replies: Reply[] = [];
  #ids = 0;
  #tokens = 0;

  async install(page: Page): Promise<void> {
    await page.route(`${API_ORIGIN}/**`, (route) => this.#handle(route));
  }

  /** The visitor messages the server received, in order. */
  get sentContents(): string[] {
    return this.requests
      .filter((request) => request.method === "POST" && request.path.endsWith("/messages"))
      .map((request) => (request.body as { content: string }).content);
  }

  async #handle(route: Route): Promise<void> {
    const request = route.request();
    if (request.method() === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
    const url = new URL(request.url());
    const body = request.postData() ? JSON.parse(request.postData()!) : undefined;
    this.requests.push({ method: request.method(), path: url.pathname, headers: request.headers(), body });
    if (url.searchParams.get("key") !== PUBLISHABLE_KEY) return this.#error(route, 401, "invalid_key", "Unknown key.");

    const path = url.pathname.replace(/^\/v1\/widget/, "");
    const visitor = request.headers()["x-clawless-visitor"];
    if (request.method() === "POST" && path === "/bootstrap") {
      const token = visitor ?? `vt_${++this.#tokens}`;
      return this.#json(route, 200, { visitor: { id: `v_${token}`, token }, tenant: this.tenant });
    }
    if (!visitor) return this.#error(route, 401, "visitor_required", "Missing visitor token.");
    if (request.method() === "POST" && path === "/conversations") {
      const id = `c_${++this.#ids}`;
      this.conversations.set(id, []);
      const now = new Date().toISOString();
      return this.#json(route, 201, { conversation: { id, created_at: now, updated_at: now, title: null } });
    }
    const match = /^\/conversations\/([^/]+)\/messages$/.exec(path);
    const messages = match ? this.conversations.get(decodeURIComponent(match[1]!)) : undefined;
    if (!match || !messages) return this.#error(route, 404, "not_found", "Conversation not found.");
    if (request.method() === "GET") {
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const before = url.searchParams.get("before");
      const older = before ? messages.filter((message) => message.seq < Number(before)) : messages;
      return this.#json(route, 200, { data: older.slice(-limit), has_more: older.length > limit });
    }
    return this.#reply(route, match[1]!, messages, (body as { content: string }).content);
  }

  async #reply(route: Route, conversationId: string, messages: Message[], content: string): Promise<void> {
    const reply = this.replies.shift() ?? { kind: "answer", chunks: [`You said: ${content}`] };
    if (reply.kind === "hang") return;
    if (reply.kind === "http-error") return this.#error(route, reply.status, reply.type, reply.message);
    const events =
      reply.kind === "events"
        ? reply.events(content, conversationId)
        : this.answer(conversationId, messages, content, reply.chunks);
    for (const event of events) {
      if (event.type === "message.user" || event.type === "message.done") {
        if (!messages.some((message) => message.id === event.message.id)) messages.push(event.message);
      }
    }
    return route.fulfill({
      status: 200,
      headers: { ...CORS, "Content-Type": "text/event-stream", "Cache-Control": "no-store" },
      body: sse(events),
    });
  }

  /** The events of a normal turn: the stored user message, then the answer in `chunks`. */
  answer(conversationId: string, messages: Message[], content: string, chunks: string[]): StreamEvent[] {
    const user = this.message(conversationId, messages.length + 1, "user", content);
    const assistant = this.message(conversationId, messages.length + 2, "assistant", chunks.join(""));
    return [
      { type: "message.user", message: user },
      { type: "message.start", message_id: assistant.id, model: "offline" },
      ...chunks.map((text): StreamEvent => ({ type: "text.delta", message_id: assistant.id, text })),
      { type: "message.done", message: assistant },
    ];
  }

  message(conversationId: string, seq: number, role: Message["role"], content: string): Message {
    return {
      id: `m_${conversationId}_${seq}`,
      conversation_id: conversationId,
      seq,
      role,
      content,
      status: "complete",
      model: role === "assistant" ? "offline" : null,
      created_at: new Date().toISOString(),
    };
  }

  #json(route: Route, status: number, body: unknown): Promise<void> {
    return route.fulfill({
      status,
      headers: { ...CORS, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  #error(route: Route, status: number, type: string, message: string): Promise<void> {
    return this.#json(route, status, { error: { type, message, request_id: "req_test" } });
  }
}

/** SSE frames exactly as the Worker writes them, with heartbeat comments and CRLF line ends mixed in. */
export function sse(events: StreamEvent[]): string {
  return events
    .map((event, index) => {
      const frame = `id: ${index + 1}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
      return index % 2 ? `: heartbeat\n\n${frame}` : frame.replaceAll("\n", "\r\n");
    })
    .join("");
}
