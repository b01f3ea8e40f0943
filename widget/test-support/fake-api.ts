import type { Page, Route } from "@playwright/test";
import type { BootstrapResponse, Message, PublicTenant, StreamEvent } from "../../protocol";

export const API_ORIGIN = "http://api.test";
export const HOST_ORIGIN = "http://host.test";
export const PUBLISHABLE_KEY = "pk_test_123";

/** What the fake server does with the next visitor message. */
export type Reply =
  | { kind: "answer"; chunks: string[] }
  /** Raw stream events, sent as one SSE body (e.g. an `error` event, or a stream cut short). */
  | { kind: "events"; events: (content: string, conversationId: string) => StreamEvent[] }
  | { kind: "http-error"; status: number; type: string; message: string; retryAfter?: number }
  /**
   * A normal answer whose connection drops after `after` SSE events; the rest is served by the
   * resume endpoint (`GET …/turns/:turnId/events` with `Last-Event-ID`) unless `resumable` is false (then 404).
   */
  | { kind: "drop"; chunks: string[]; after: number; resumable?: boolean }
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
  "Access-Control-Allow-Headers": "content-type, x-clawless-visitor, last-event-id",
  "Access-Control-Expose-Headers": "Retry-After",
};

/**
 * A scripted widget API on a fake origin, speaking the Worker's exact formats (JSON bodies, the
 * one error shape, SSE frames `id:`/`event:`/`data:` with heartbeat comments). State lives in the
 * test, so it survives page reloads.
 */
export class FakeApi {
  tenant: PublicTenant = {
    name: "Acme Support",
    greeting: "Hi! How can we help you today?",
    suggested_prompts: ["What are your opening hours?", "Where is my order?"],
    theme: {},
  };
  readonly conversations = new Map<string, Message[]>();
  /** The visitor token that owns each conversation. */
  readonly owners = new Map<string, string>();
  readonly requests: RecordedRequest[] = [];
  readonly replies: Reply[] = [];
  /** Client tool results received (POST …/turns/:turnId/tool-results). */
  readonly toolResults: { turnId: string; body: unknown }[] = [];
  /** Feedback received, by message id (null: cleared). */
  readonly feedback = new Map<string, string | null>();
  /** Whether a resume endpoint exists at all (a server without one answers 404). */
  resumeSupported = true;
  /** The events of a dropped turn still to be served by the resume endpoint, per conversation. */
  readonly #dropped = new Map<string, StreamEvent[]>();
  /** Visitor token per identity token: an identified user is the same visitor everywhere. */
  readonly #identities = new Map<string, string>();
  #ids = 0;
  #tokens = 0;

  async install(page: Page): Promise<void> {
    await page.route(`${API_ORIGIN}/**`, (route) => this.#handle(route));
  }

  /** A stored conversation of `visitor` with `count` alternating user/assistant messages. */
  seed(visitor: string, count: number, id = `c_${++this.#ids}`): string {
    const messages: Message[] = [];
    for (let seq = 1; seq <= count; seq++) {
      messages.push(this.message(id, seq, seq % 2 ? "user" : "assistant", `Message number ${seq}`));
    }
    this.conversations.set(id, messages);
    this.owners.set(id, visitor);
    return id;
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
      const identity = (body as { identity_token?: string } | undefined)?.identity_token;
      let token = visitor ?? `vt_${++this.#tokens}`;
      if (identity) {
        if (!this.#identities.has(identity)) this.#identities.set(identity, `vt_user_${identity}`);
        token = this.#identities.get(identity)!;
      }
      const boot: BootstrapResponse = { visitor: { id: `v_${token}`, token }, user: null, tenant: this.tenant };
      return this.#json(route, 200, boot);
    }
    if (!visitor) return this.#error(route, 401, "visitor_required", "Missing visitor token.");
    if (request.method() === "POST" && path === "/logout") return route.fulfill({ status: 204, headers: CORS });
    if (request.method() === "POST" && path === "/conversations") {
      const id = `c_${++this.#ids}`;
      this.conversations.set(id, []);
      this.owners.set(id, visitor);
      const now = new Date().toISOString();
      return this.#json(route, 201, { conversation: { id, created_at: now, updated_at: now, title: null } });
    }
    if (request.method() === "GET" && path === "/conversations") {
      const data = [...this.conversations.keys()]
        .filter((id) => this.owners.get(id) === visitor)
        .reverse()
        .map((id) => {
          const first = this.conversations.get(id)![0];
          const at = first?.created_at ?? new Date(0).toISOString();
          return { id, created_at: at, updated_at: at, title: first ? first.content.slice(0, 40) : null };
        });
      return this.#json(route, 200, { data });
    }
    const stream = /^\/conversations\/([^/]+)\/turns\/([^/]+)\/events$/.exec(path);
    if (stream && request.method() === "GET") {
      const events = this.#dropped.get(stream[1]!);
      const turn = events?.find((event) => event.type === "message.user");
      const sameTurn = turn?.type === "message.user" && turn.message.id === decodeURIComponent(stream[2]!);
      if (!this.resumeSupported || !events || !sameTurn)
        return this.#error(route, 404, "not_found", "No stream to resume.");
      const after = Number(request.headers()["last-event-id"]);
      return route.fulfill({
        status: 200,
        headers: { ...CORS, "Content-Type": "text/event-stream", "Cache-Control": "no-store" },
        body: sse(events, after),
      });
    }
    const toolResult = /^\/conversations\/([^/]+)\/turns\/([^/]+)\/tool-results$/.exec(path);
    if (toolResult && request.method() === "POST") {
      this.toolResults.push({ turnId: decodeURIComponent(toolResult[2]!), body });
      return this.#json(route, 202, { accepted: true });
    }
    const feedback = /^\/conversations\/([^/]+)\/messages\/([^/]+)\/feedback$/.exec(path);
    if (feedback && request.method() === "POST") {
      const messages = this.conversations.get(feedback[1]!);
      const message = messages?.find((m) => m.id === decodeURIComponent(feedback[2]!) && m.role === "assistant");
      if (!message) return this.#error(route, 404, "not_found", "Message not found.");
      const rating = (body as { rating: string | null }).rating;
      this.feedback.set(message.id, rating);
      return this.#json(route, 200, { message_id: message.id, rating });
    }
    const match = /^\/conversations\/([^/]+)\/messages$/.exec(path);
    const owned = match && this.owners.get(decodeURIComponent(match[1]!)) === visitor;
    const messages = owned ? this.conversations.get(decodeURIComponent(match[1]!)) : undefined;
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
    if (reply.kind === "http-error")
      return this.#error(route, reply.status, reply.type, reply.message, reply.retryAfter);
    let events =
      reply.kind === "events"
        ? reply.events(content, conversationId)
        : this.answer(conversationId, messages, content, reply.chunks);
    if (reply.kind === "drop") {
      // The server finishes and stores the turn whatever happens to this connection.
      if (reply.resumable !== false) this.#dropped.set(conversationId, events);
      const stored = events.filter((event) => event.type === "message.user" || event.type === "message.done");
      for (const event of stored) messages.push(event.message);
      events = events.slice(0, reply.after);
    }
    for (const event of events) {
      if (reply.kind !== "drop" && (event.type === "message.user" || event.type === "message.done")) {
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

  #error(route: Route, status: number, type: string, message: string, retryAfter?: number): Promise<void> {
    return route.fulfill({
      status,
      headers: {
        ...CORS,
        "Content-Type": "application/json",
        ...(retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) }),
      },
      body: JSON.stringify({ error: { type, message, request_id: "req_test" } }),
    });
  }
}

/**
 * SSE frames exactly as the Worker writes them, with heartbeat comments and CRLF line ends mixed
 * in; ids count from 1, and `after` leaves out the events up to that id (a resumed stream).
 */
export function sse(events: StreamEvent[], after = 0): string {
  return events
    .map((event, index) => {
      if (index + 1 <= after) return "";
      const frame = `id: ${index + 1}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
      return index % 2 ? `: heartbeat\n\n${frame}` : frame.replaceAll("\n", "\r\n");
    })
    .join("");
}
