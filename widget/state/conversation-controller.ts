import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ApiClient, type Rating, type StreamFrame } from "../api/client";
import { ApiError } from "../api/api-error";
import { MAX_MESSAGE_CHARS, type Conversation, type Message, type NoticeCode, type PublicTenant } from "../../protocol";
import { fromStored, type ChatMessage } from "./chat-message";
import { runClientTool, type ClientToolHost } from "./client-tools";
import { VisitorStorage } from "./visitor-storage";

export const ChatStatus = {
  /** Not bootstrapped yet (or bootstrap failed). */
  Idle: "idle",
  Booting: "booting",
  Ready: "ready",
  /** A message was posted; no answer text yet. */
  Sending: "sending",
  Streaming: "streaming",
} as const;
export type ChatStatus = (typeof ChatStatus)[keyof typeof ChatStatus];

export interface ChatError {
  /** The server's error type, or one of ours: network_error, connection_lost, too_long, configuration_error. */
  type: string;
  message: string;
  /** HTTP status, 0 for a network failure; absent for stream errors. */
  status?: number;
  /** Seconds the server asked us to wait (429 `Retry-After`). */
  retryAfter?: number;
  /** What the Retry button does; absent when retrying makes no sense. */
  retry?: () => void;
}

export interface ConversationCallbacks {
  onSent(message: Message): void;
  onAnswer(message: Message): void;
  onError(error: ChatError): void;
  /** The page's client tools and the visitor's confirmation (absent: every client tool call fails politely). */
  tools?: ClientToolHost;
}

/** Reconnection attempts for one dropped answer before falling back to history. */
const RESUME_ATTEMPTS = 3;

let localIds = 0;

/**
 * The conversation and its network state: bootstrap, history, sending and the streamed answer,
 * resuming a dropped stream, and a queue of messages written while offline. Streamed text is
 * buffered and committed to the host at most once per animation frame, so the work per delta stays
 * constant however long the answer grows.
 */
export class ConversationController implements ReactiveController {
  #status: ChatStatus = ChatStatus.Idle;
  #tenant: PublicTenant | null = null;
  #messages: ChatMessage[] = [];
  #hasMore = false;
  #loadingEarlier = false;
  #error: ChatError | null = null;
  #conversations: Conversation[] | null = null;
  #online = typeof navigator === "undefined" ? true : navigator.onLine;
  /** The tenant-signed identity token (`Clawless.identify`). */
  #identity: string | null = null;
  #toolStatus: string | null = null;

  readonly #host: ReactiveControllerHost;
  readonly #config: () => { api: string; publishableKey: string };
  readonly #callbacks: ConversationCallbacks;
  #client: ApiClient | null = null;
  #storage: VisitorStorage | null = null;
  #booting: Promise<boolean> | null = null;
  #abort: AbortController | null = null;
  #streaming: ChatMessage | null = null;
  #pending: string[] = [];
  #frame = 0;
  #queue: ChatMessage[] = [];
  /** Running tool calls and what each shows, newest last. */
  #tools = new Map<string, string>();
  /** Client tool calls already answered (a resumed stream may repeat a request). */
  #answered = new Set<string>();

  constructor(
    host: ReactiveControllerHost,
    config: () => { api: string; publishableKey: string },
    callbacks: ConversationCallbacks,
  ) {
    this.#host = host;
    this.#config = config;
    this.#callbacks = callbacks;
    host.addController(this);
  }

  // The state is read-only from outside (as with Lit's Task): the host renders it, and changes it
  // only through the methods below, so every change is followed by a host update.
  get status(): ChatStatus {
    return this.#status;
  }

  get tenant(): Readonly<PublicTenant> | null {
    return this.#tenant;
  }

  get messages(): readonly Readonly<ChatMessage>[] {
    return this.#messages;
  }

  get hasMore(): boolean {
    return this.#hasMore;
  }

  get loadingEarlier(): boolean {
    return this.#loadingEarlier;
  }

  get error(): Readonly<ChatError> | null {
    return this.#error;
  }

  /** The visitor's conversations, newest first; null until listed. */
  get conversations(): readonly Readonly<Conversation>[] | null {
    return this.#conversations;
  }

  get online(): boolean {
    return this.#online;
  }

  /** What the assistant's tools are doing, e.g. "Looking up your order…"; null when none runs. */
  get toolStatus(): string | null {
    return this.#toolStatus;
  }

  get busy(): boolean {
    return this.#status === ChatStatus.Sending || this.#status === ChatStatus.Streaming;
  }

  get conversationId(): string | null {
    return this.#storage?.conversationId ?? null;
  }

  hostConnected(): void {
    this.#online = navigator.onLine;
    addEventListener("online", this.#onConnectivity);
    addEventListener("offline", this.#onConnectivity);
  }

  hostDisconnected(): void {
    removeEventListener("online", this.#onConnectivity);
    removeEventListener("offline", this.#onConnectivity);
    this.stop();
  }

  /** Bootstraps once (retried after a failure), then restores the stored conversation. */
  boot(): Promise<boolean> {
    this.#booting ??= this.#boot();
    return this.#booting;
  }

  async send(text: string): Promise<void> {
    const content = text.trim();
    if (!content) return;
    if (content.length > MAX_MESSAGE_CHARS) {
      this.#fail({ type: "too_long", message: `Messages can be at most ${MAX_MESSAGE_CHARS} characters.` });
      return;
    }
    if (!this.#online || (this.busy && this.#queue.length)) return this.#enqueue(content);
    if (this.busy) return;
    this.#error = null;
    const user: ChatMessage = { key: `local-${++localIds}`, role: "user", content, state: "pending" };
    this.#messages = [...this.#messages, user];
    const abort = (this.#abort = new AbortController());
    this.#setStatus(ChatStatus.Sending);
    try {
      if (!(await this.boot())) {
        user.state = "failed";
        // The bootstrap failure is shown; retrying it should also send this message.
        const error = this.#error as ChatError | null;
        if (error) error.retry = () => this.#resend(user);
        return;
      }
      await this.#turn(user, abort.signal, true);
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.#setStatus(this.#tenant ? ChatStatus.Ready : ChatStatus.Idle);
    }
    void this.#flushQueue();
  }

  /** Stops reading the answer (the server still finishes and stores it). */
  stop(): void {
    this.#abort?.abort();
  }

  /** Forgets the current conversation; the next message starts a new one. */
  newConversation(): void {
    this.stop();
    if (this.#storage) this.#storage.conversationId = null;
    this.#clear();
  }

  /** Shows one of the visitor's past conversations. */
  async openConversation(id: string): Promise<void> {
    this.stop();
    this.#clear();
    if (!this.#storage || !(await this.boot())) return;
    this.#storage.conversationId = id;
    await this.#loadHistory(id);
    this.#host.requestUpdate();
  }

  async loadConversations(): Promise<void> {
    if (!(await this.boot())) return;
    try {
      this.#conversations = await this.#client!.listConversations();
    } catch (error) {
      this.#fail(error, () => void this.loadConversations());
    }
    this.#host.requestUpdate();
  }

  /** Reloads the current conversation from the server (after a dropped stream). */
  async reloadHistory(): Promise<void> {
    this.#error = null;
    const id = this.conversationId;
    if (id) await this.#loadHistory(id);
    this.#host.requestUpdate();
  }

  async loadEarlier(): Promise<void> {
    const id = this.conversationId;
    const first = this.#messages[0]?.seq;
    if (!id || first === undefined || this.#loadingEarlier || !this.#hasMore) return;
    this.#loadingEarlier = true;
    this.#host.requestUpdate();
    try {
      await this.#loadHistory(id, first);
    } finally {
      this.#loadingEarlier = false;
      this.#host.requestUpdate();
    }
  }

  retry(): void {
    const retry = this.#error?.retry;
    this.#error = null;
    this.#host.requestUpdate();
    retry?.();
  }

  /** Thumbs up/down (or null to clear) for a stored assistant message; reverted if it fails. */
  async rate(shown: Readonly<ChatMessage>, rating: Rating): Promise<void> {
    const id = this.conversationId;
    const message = this.#messages.find((candidate) => candidate === shown);
    if (!id || !message?.id || !this.#client) return;
    const previous = message.feedback ?? null;
    message.feedback = rating;
    this.#host.requestUpdate();
    try {
      await this.#client.feedback(id, message.id, rating);
    } catch (error) {
      message.feedback = previous;
      this.#fail(error);
    }
  }

  /** Sets (or replaces) the visitor's identity; a booted widget bootstraps again to present it. */
  identify(token: string): void {
    if (token === this.#identity) return;
    this.#identity = token || null;
    if (this.#booting) {
      this.#booting = null;
      void this.boot();
    }
  }

  /**
   * Revokes the visitor's tokens on the server (best effort: the widget forgets them either way)
   * and forgets identity, visitor and conversation: the next bootstrap is a fresh anonymous visitor.
   */
  logout(): void {
    this.stop();
    this.#identity = null;
    const token = this.#storage?.visitorToken;
    if (token && this.#client) this.#client.logout(token).catch(() => {});
    if (this.#storage) {
      this.#storage.visitorToken = null;
      this.#storage.conversationId = null;
    }
    this.#booting = null;
    this.#tenant = null;
    this.#setStatus(ChatStatus.Idle);
    this.#clear();
  }

  #clear(): void {
    this.#messages = [];
    this.#queue = [];
    this.#conversations = null;
    this.#hasMore = false;
    this.#error = null;
    this.#host.requestUpdate();
  }

  async #boot(): Promise<boolean> {
    const { api, publishableKey } = this.#config();
    if (!publishableKey) {
      this.#booting = null;
      this.#fail({ type: "configuration_error", message: "This chat is not configured (missing publishable key)." });
      return false;
    }
    const storage = (this.#storage = new VisitorStorage(publishableKey));
    const client = (this.#client = new ApiClient({
      api,
      publishableKey,
      visitorToken: () => storage.visitorToken,
      identity: () => this.#identity,
    }));
    if (this.#status === ChatStatus.Idle) this.#setStatus(ChatStatus.Booting);
    try {
      const { visitor, tenant } = await client.bootstrap();
      if (storage.visitorToken && storage.visitorToken !== visitor.token) {
        // Another visitor now (an identity, or an expired token): the old conversation is not theirs.
        storage.conversationId = null;
        if (!this.busy) this.#clear();
      }
      storage.visitorToken = visitor.token;
      this.#tenant = tenant;
      const id = storage.conversationId;
      if (id && this.#messages.length === 0) await this.#loadHistory(id);
      if (this.#status === ChatStatus.Booting) this.#setStatus(ChatStatus.Ready);
      this.#host.requestUpdate();
      return true;
    } catch (error) {
      this.#booting = null;
      if (this.#status === ChatStatus.Booting) this.#setStatus(ChatStatus.Idle);
      this.#fail(error, () => void this.boot());
      return false;
    }
  }

  async #loadHistory(conversationId: string, before?: number): Promise<boolean> {
    try {
      const page = await this.#client!.listMessages(conversationId, { before });
      const loaded = page.data.map(fromStored);
      this.#messages = before === undefined ? [...loaded, ...this.#queue] : [...loaded, ...this.#messages];
      this.#hasMore = page.has_more;
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.#storage!.conversationId = null; // gone (or not this visitor's): start fresh
        this.#messages = [...this.#queue];
        this.#hasMore = false;
        return false;
      }
      this.#fail(error, () => void (before === undefined ? this.reloadHistory() : this.loadEarlier()));
      return false;
    }
  }

  async #turn(user: ChatMessage, signal: AbortSignal, mayRecreate: boolean): Promise<void> {
    const client = this.#client!;
    const storage = this.#storage!;
    let stored = false;
    let finished = false;
    let lastId: string | undefined;
    let conversationId = storage.conversationId;

    const consume = async (frames: AsyncGenerator<StreamFrame>) => {
      for await (const { id, event } of frames) {
        if (id) lastId = id;
        switch (event.type) {
          case "message.user":
            stored = true;
            user = this.#replace(user, fromStored(event.message));
            this.#callbacks.onSent(event.message);
            break;
          case "message.start":
            this.#startAnswer(event.message_id);
            break;
          case "text.delta":
            this.#appendDelta(event.text);
            break;
          case "tool.call":
            this.#toolStarted(event.call_id, event.status);
            break;
          case "tool.client_request":
            this.#toolStarted(event.call_id, event.status);
            if (conversationId) void this.#answerClientTool(conversationId, event);
            break;
          case "tool.result":
          case "tool.error":
            this.#toolEnded(event.call_id);
            break;
          case "message.notice":
            this.#noticeAnswer(event.message_id, event.code);
            break;
          case "message.done":
            finished = true;
            this.#toolsDone();
            this.#finishAnswer(event.message);
            break;
          case "error":
            finished = true;
            this.#toolsDone();
            this.#interruptAnswer();
            this.#fail(event.error, () => this.#resend(user));
            break;
          default: {
            // Every event of the protocol is handled above: a new one fails the typecheck here.
            const _unhandled: never = event;
            break;
          }
        }
      }
    };

    try {
      if (!conversationId) {
        conversationId = (await client.createConversation(signal)).id;
        storage.conversationId = conversationId;
      }
      await consume(client.sendMessage(conversationId, user.content, signal));
    } catch (error) {
      if (signal.aborted) return this.#aborted(user, stored);
      if (!stored) {
        this.#interruptAnswer();
        if (mayRecreate && error instanceof ApiError && error.status === 404) {
          storage.conversationId = null; // the stored conversation is gone: start a new one
          return this.#turn(user, signal, false);
        }
        if (error instanceof ApiError && error.status === 0 && !navigator.onLine) {
          this.#messages = this.#messages.filter((message) => message !== user);
          return this.#enqueue(user.content);
        }
        user.state = "failed";
        return this.#fail(error, () => this.#resend(user));
      }
      // The message was stored and the answer is under way: the stream dropped. Resume below.
    }

    if (!conversationId) return;
    // A dropped stream: continue after the last event seen, so nothing is lost or repeated.
    for (let attempt = 0; !finished && lastId && user.id && attempt < RESUME_ATTEMPTS; attempt++) {
      try {
        if (!this.#online) await this.#whenOnline(signal);
        await consume(client.resume(conversationId, user.id, lastId, signal));
      } catch (error) {
        if (signal.aborted) return this.#aborted(user, stored);
        if (error instanceof ApiError && error.status !== 0) break; // no resume here, or the turn is over
      }
    }
    if (finished) return;
    // Fall back to history, which holds the answer once the server has finished it.
    this.#commitPending();
    if (await this.#historyHas(conversationId, this.#streaming?.key)) {
      this.#streaming = null;
      return;
    }
    this.#interruptAnswer();
    this.#fail(
      { type: "connection_lost", message: "The connection was lost before the answer finished." },
      () => void this.reloadHistory(),
    );
  }

  /** Reloads history when it holds the answer `answerId`; true when it did. */
  async #historyHas(conversationId: string, answerId: string | undefined): Promise<boolean> {
    try {
      const page = await this.#client!.listMessages(conversationId);
      if (!answerId || !page.data.some((message) => message.id === answerId)) return false;
      this.#messages = [...page.data.map(fromStored), ...this.#queue];
      this.#hasMore = page.has_more;
      const answer = page.data.find((message) => message.id === answerId)!;
      this.#host.requestUpdate();
      if (answer.status === "complete") this.#callbacks.onAnswer(answer);
      return true;
    } catch {
      return false;
    }
  }

  #toolStarted(callId: string, status: string): void {
    this.#tools.set(callId, status);
    this.#toolStatus = status;
    this.#host.requestUpdate();
  }

  #toolEnded(callId: string): void {
    this.#tools.delete(callId);
    this.#toolStatus = [...this.#tools.values()].at(-1) ?? null;
    this.#host.requestUpdate();
  }

  #toolsDone(): void {
    this.#tools.clear();
    this.#toolStatus = null;
  }

  /** Runs the page's handler for a client tool call and posts the result back to the turn. */
  async #answerClientTool(conversationId: string, request: Parameters<typeof runClientTool>[1]): Promise<void> {
    if (this.#answered.has(request.call_id)) return;
    this.#answered.add(request.call_id);
    const host: ClientToolHost = this.#callbacks.tools ?? {
      handler: () => undefined,
      confirm: async () => false,
    };
    const result = await runClientTool(host, request);
    try {
      await this.#client!.postToolResult(conversationId, request.turn_id, request.call_id, result);
    } catch {
      // Too late (the turn gave up on the call) or offline: the turn answers without this result.
    }
  }

  #aborted(user: ChatMessage, stored: boolean): void {
    this.#interruptAnswer();
    if (!stored) user.state = "interrupted";
  }

  #whenOnline(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        removeEventListener("online", done);
        signal.removeEventListener("abort", done);
        if (signal.aborted) reject(signal.reason);
        else resolve();
      };
      addEventListener("online", done);
      signal.addEventListener("abort", done);
    });
  }

  #enqueue(content: string): void {
    const queued: ChatMessage = { key: `local-${++localIds}`, role: "user", content, state: "queued" };
    this.#queue.push(queued);
    this.#messages = [...this.#messages, queued];
    this.#host.requestUpdate();
  }

  /** Sends what was written offline, in order, one turn after the other. */
  async #flushQueue(): Promise<void> {
    while (this.#online && !this.busy && this.#queue.length) {
      const next = this.#queue.shift()!;
      this.#messages = this.#messages.filter((message) => message !== next);
      await this.send(next.content);
    }
  }

  #onConnectivity = (): void => {
    this.#online = navigator.onLine;
    this.#host.requestUpdate();
    if (this.#online) void this.#flushQueue();
  };

  #resend(user: ChatMessage): void {
    this.#messages = this.#messages.filter((message) => message !== user);
    void this.send(user.content);
  }

  #replace(previous: ChatMessage, next: ChatMessage): ChatMessage {
    this.#messages = this.#messages.map((message) => (message === previous ? next : message));
    this.#host.requestUpdate();
    return next;
  }

  #startAnswer(messageId: string): void {
    if (this.#streaming?.key === messageId) return; // a resumed stream may say it again
    this.#interruptAnswer();
    const answer: ChatMessage = { key: messageId, role: "assistant", content: "", state: "streaming", segments: [] };
    this.#streaming = answer;
    this.#messages = [...this.#messages, answer];
    this.#setStatus(ChatStatus.Streaming);
  }

  #appendDelta(text: string): void {
    if (!this.#streaming) this.#startAnswer(`local-${++localIds}`);
    this.#pending.push(text);
    this.#frame ||= requestAnimationFrame(() => this.#commitPending());
  }

  /** Moves buffered deltas into the message: one segment and one host update per frame. */
  #commitPending(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const answer = this.#streaming;
    if (!answer || this.#pending.length === 0) return;
    const text = this.#pending.join("");
    this.#pending = [];
    answer.content += text;
    answer.segments!.push(text);
    this.#host.requestUpdate();
  }

  /** Keeps what the server said about the answer (fallback model, interrupted, tool limit) with it. */
  #noticeAnswer(messageId: string, code: NoticeCode): void {
    const answer = this.#streaming?.key === messageId ? this.#streaming : undefined;
    if (!answer) return;
    answer.notice = code;
    this.#host.requestUpdate();
  }

  #finishAnswer(message: Message): void {
    this.#commitPending();
    const done = fromStored(message);
    done.notice = this.#streaming?.notice;
    if (this.#streaming) this.#replace(this.#streaming, done);
    else this.#messages = [...this.#messages, done];
    this.#streaming = null;
    this.#callbacks.onAnswer(message);
  }

  #interruptAnswer(): void {
    this.#commitPending();
    const answer = this.#streaming;
    if (!answer) return;
    this.#streaming = null;
    if (answer.content === "") {
      this.#messages = this.#messages.filter((message) => message !== answer);
    } else {
      this.#replace(answer, { ...answer, state: "interrupted", segments: undefined });
    }
  }

  #fail(error: unknown, retry?: () => void): void {
    const chatError: ChatError =
      error instanceof ApiError
        ? { type: error.type, message: error.message, status: error.status, retryAfter: error.retryAfter, retry }
        : error && typeof error === "object" && "message" in error && typeof error.message === "string"
          ? { type: String((error as { type?: unknown }).type ?? "error"), message: error.message, retry }
          : { type: "error", message: "Something went wrong.", retry };
    this.#error = chatError;
    this.#callbacks.onError(chatError);
    this.#host.requestUpdate();
  }

  #setStatus(status: ChatStatus): void {
    this.#status = status;
    this.#host.requestUpdate();
  }
}
