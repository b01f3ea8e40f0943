import {
  LAST_EVENT_ID_HEADER,
  STREAM_EVENT_TYPES,
  VISITOR_HEADER,
  WIDGET_API_PREFIX,
  WIDGET_PATHS,
  widgetPath,
} from "../../protocol";
import type {
  BootstrapRequest,
  BootstrapResponse,
  Conversation,
  ConversationPage,
  ConversationResponse,
  FeedbackRequest,
  MessagePage,
  Rating,
  SendMessageRequest,
  StreamEvent,
  ToolResultRequest,
} from "../../protocol";
import { ApiError } from "./api-error";
import { readSse } from "./sse-reader";

export interface ClientOptions {
  /** API base URL, e.g. `https://api.clawless.dev`; empty means the page's own origin. */
  api: string;
  publishableKey: string;
  /** Read on every request: the visitor token changes after bootstrap. */
  visitorToken: () => string | null;
  /** The tenant-signed identity JWT set by `Clawless.identify`, if any. */
  identity: () => string | null;
}

/** One event of a turn's stream and its SSE `id` (what `Last-Event-ID` resumes after). */
export interface StreamFrame {
  id: string | undefined;
  event: StreamEvent;
}

export type { Rating };

/** The protocol's event names: anything else in the stream is not ours to understand (a later server's). */
const STREAM_EVENTS = new Set<string>(STREAM_EVENT_TYPES);

/** A client tool's answer: its result, or why there is none. */
export type ToolResult = { output: unknown } | { error: string };

/** HTTP client of the widget API (`/v1/widget/*`). Failures throw {@link ApiError}. */
export class ApiClient {
  readonly #base: string;
  readonly #options: ClientOptions;

  constructor(options: ClientOptions) {
    this.#base = new URL(`${options.api.replace(/\/+$/, "")}${WIDGET_API_PREFIX}`, location.href).href;
    this.#options = options;
  }

  /**
   * Who this visitor is. With an identity token (`Clawless.identify`) the server links the visitor
   * to the signed-in user; the visitor token it returns carries that link for later requests.
   */
  async bootstrap(signal?: AbortSignal): Promise<BootstrapResponse> {
    const identity = this.#options.identity();
    const body: BootstrapRequest = identity ? { identity_token: identity } : {};
    return (await this.#request("POST", WIDGET_PATHS.bootstrap, { body, signal })).json();
  }

  /**
   * Sign-out: the server revokes every token of this visitor, so a copy left behind (another tab,
   * a stolen token) stops working. `keepalive` lets it finish when the host page navigates away.
   */
  async logout(visitorToken: string): Promise<void> {
    await this.#request("POST", WIDGET_PATHS.logout, { visitorToken, keepalive: true });
  }

  async createConversation(signal?: AbortSignal): Promise<Conversation> {
    const response = await this.#request("POST", WIDGET_PATHS.conversations, { body: {}, signal });
    return ((await response.json()) as ConversationResponse).conversation;
  }

  async listConversations(signal?: AbortSignal): Promise<Conversation[]> {
    const response = await this.#request("GET", WIDGET_PATHS.conversations, { signal });
    return ((await response.json()) as ConversationPage).data;
  }

  async listMessages(
    conversationId: string,
    { before, limit = 50 }: { before?: number; limit?: number } = {},
    signal?: AbortSignal,
  ): Promise<MessagePage> {
    const query: Record<string, string> = { limit: String(limit) };
    if (before !== undefined) query.before = String(before);
    const path = widgetPath(WIDGET_PATHS.messages, { id: conversationId });
    return (await this.#request("GET", path, { query, signal })).json();
  }

  /** Sends a visitor message and yields the answer's events as they arrive. */
  sendMessage(conversationId: string, content: string, signal?: AbortSignal): AsyncGenerator<StreamFrame> {
    const body: SendMessageRequest = { content };
    return this.#stream("POST", widgetPath(WIDGET_PATHS.messages, { id: conversationId }), { body, signal });
  }

  /**
   * Continues a turn's stream after the event `lastEventId` (after a dropped connection). The turn
   * is named by the id of the visitor's message that started it.
   */
  resume(
    conversationId: string,
    turnId: string,
    lastEventId: string,
    signal?: AbortSignal,
  ): AsyncGenerator<StreamFrame> {
    const path = widgetPath(WIDGET_PATHS.turnEvents, { id: conversationId, turnId });
    return this.#stream("GET", path, { lastEventId, signal });
  }

  async feedback(conversationId: string, messageId: string, rating: Rating): Promise<void> {
    const body: FeedbackRequest = { rating };
    await this.#request("POST", widgetPath(WIDGET_PATHS.feedback, { id: conversationId, messageId }), { body });
  }

  /** Answers a client tool call of a turn (a `tool.client_request` event). */
  async postToolResult(conversationId: string, turnId: string, callId: string, result: ToolResult): Promise<void> {
    const body: ToolResultRequest = { call_id: callId, ...result };
    await this.#request("POST", widgetPath(WIDGET_PATHS.toolResults, { id: conversationId, turnId }), { body });
  }

  async *#stream(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; lastEventId?: string; signal?: AbortSignal },
  ): AsyncGenerator<StreamFrame> {
    const response = await this.#request(method, path, { ...options, accept: "text/event-stream" });
    if (!response.body) return;
    for await (const frame of readSse(response.body)) {
      let event: StreamEvent;
      try {
        event = { type: frame.event, ...JSON.parse(frame.data) } as StreamEvent;
      } catch {
        continue; // not ours to understand; a later widget version may
      }
      if (STREAM_EVENTS.has(event.type)) yield { id: frame.id, event };
    }
  }

  async #request(
    method: "GET" | "POST",
    path: string,
    options: {
      body?: unknown;
      query?: Record<string, string>;
      signal?: AbortSignal;
      accept?: string;
      lastEventId?: string;
      /** The token to send instead of the stored one. */
      visitorToken?: string;
      keepalive?: boolean;
    },
  ): Promise<Response> {
    const url = new URL(this.#base + path);
    url.searchParams.set("key", this.#options.publishableKey);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);

    const headers: Record<string, string> = { Accept: options.accept ?? "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const token = options.visitorToken ?? this.#options.visitorToken();
    if (token) headers[VISITOR_HEADER] = token;
    if (options.lastEventId) headers[LAST_EVENT_ID_HEADER] = options.lastEventId;

    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        keepalive: options.keepalive,
        credentials: "omit",
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, "network_error", "Could not reach the assistant.");
    }
    if (!response.ok) throw await ApiError.fromResponse(response);
    return response;
  }
}
