import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ApiClient } from "../api/client";
import { ApiError } from "../api/api-error";
import type { Message, Tenant } from "../api/types";
import { fromStored, type ChatMessage } from "./chat-message";
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
  type: string;
  message: string;
  /** HTTP status, 0 for a network failure; absent for stream errors. */
  status?: number;
  /** What the Retry button does; absent when retrying makes no sense. */
  retry?: () => void;
}

export interface ConversationCallbacks {
  onSent(message: Message): void;
  onAnswer(message: Message): void;
  onError(error: ChatError): void;
}

export const MAX_MESSAGE_LENGTH = 8000;

let localIds = 0;

/**
 * The conversation and its network state: bootstrap, history, sending and the streamed answer.
 * Streamed text is appended to a buffer and committed to the host at most once per animation
 * frame, so the work per delta stays constant however long the answer grows.
 */
export class ConversationController implements ReactiveController {
  status: ChatStatus = ChatStatus.Idle;
  tenant: Tenant | null = null;
  messages: ChatMessage[] = [];
  hasMore = false;
  error: ChatError | null = null;

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

  get busy(): boolean {
    return this.status === ChatStatus.Sending || this.status === ChatStatus.Streaming;
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Bootstraps once (retried after a failure), then restores the stored conversation. */
  boot(): Promise<boolean> {
    this.#booting ??= this.#boot();
    return this.#booting;
  }

  async send(text: string): Promise<void> {
    const content = text.trim();
    if (!content || this.busy) return;
    if (content.length > MAX_MESSAGE_LENGTH) {
      this.#fail({ type: "validation_error", message: `Messages can be at most ${MAX_MESSAGE_LENGTH} characters.` });
      return;
    }
    this.error = null;
    const user: ChatMessage = { key: `local-${++localIds}`, role: "user", content, state: "pending" };
    this.messages = [...this.messages, user];
    const abort = (this.#abort = new AbortController());
    this.#setStatus(ChatStatus.Sending);
    try {
      if (!(await this.boot())) {
        user.state = "failed";
        // The bootstrap failure is shown; retrying it should also send this message.
        const error = this.error as ChatError | null;
        if (error) error.retry = () => this.#resend(user);
        return;
      }
      await this.#turn(user, abort.signal, true);
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.#setStatus(this.tenant ? ChatStatus.Ready : ChatStatus.Idle);
    }
  }

  /** Stops reading the answer (the server still finishes and stores it). */
  stop(): void {
    this.#abort?.abort();
  }

  /** Forgets the current conversation; the next message starts a new one. */
  newConversation(): void {
    this.stop();
    if (this.#storage) this.#storage.conversationId = null;
    this.messages = [];
    this.hasMore = false;
    this.error = null;
    this.#host.requestUpdate();
  }

  /** Reloads the current conversation from the server (after a dropped stream). */
  async reloadHistory(): Promise<void> {
    this.error = null;
    const id = this.#storage?.conversationId;
    if (id) await this.#loadHistory(id);
    this.#host.requestUpdate();
  }

  async loadEarlier(): Promise<void> {
    const id = this.#storage?.conversationId;
    const first = this.messages[0]?.seq;
    if (id && first !== undefined) await this.#loadHistory(id, first);
    this.#host.requestUpdate();
  }

  retry(): void {
    const retry = this.error?.retry;
    this.error = null;
    this.#host.requestUpdate();
    retry?.();
  }

  async #boot(): Promise<boolean> {
    const { api, publishableKey } = this.#config();
    if (!publishableKey) {
      this.#booting = null;
      this.#fail({ type: "configuration_error", message: "This chat is not configured (missing publishable key)." });
      return false;
    }
    const storage = (this.#storage = new VisitorStorage(publishableKey));
    const client = (this.#client = new ApiClient({ api, publishableKey, visitorToken: () => storage.visitorToken }));
    if (this.status === ChatStatus.Idle) this.#setStatus(ChatStatus.Booting);
    try {
      const { visitor, tenant } = await client.bootstrap();
      storage.visitorToken = visitor.token;
      this.tenant = tenant;
      const id = storage.conversationId;
      if (id && this.messages.length === 0) await this.#loadHistory(id);
      if (this.status === ChatStatus.Booting) this.#setStatus(ChatStatus.Ready);
      this.#host.requestUpdate();
      return true;
    } catch (error) {
      this.#booting = null;
      if (this.status === ChatStatus.Booting) this.#setStatus(ChatStatus.Idle);
      this.#fail(error, () => void this.boot());
      return false;
    }
  }

  async #loadHistory(conversationId: string, before?: number): Promise<void> {
    try {
      const page = await this.#client!.listMessages(conversationId, { before });
      const loaded = page.data.map(fromStored);
      this.messages = before === undefined ? loaded : [...loaded, ...this.messages];
      this.hasMore = page.has_more;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.#storage!.conversationId = null; // gone (or not this visitor's): start fresh
        this.messages = [];
        this.hasMore = false;
        return;
      }
      this.#fail(error, () => void (before === undefined ? this.reloadHistory() : this.loadEarlier()));
    }
  }

  async #turn(user: ChatMessage, signal: AbortSignal, mayRecreate: boolean): Promise<void> {
    const client = this.#client!;
    const storage = this.#storage!;
    let stored = false;
    let finished = false;
    try {
      let conversationId = storage.conversationId;
      if (!conversationId) {
        conversationId = (await client.createConversation(signal)).id;
        storage.conversationId = conversationId;
      }
      for await (const event of client.sendMessage(conversationId, user.content, signal)) {
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
          case "message.done":
            finished = true;
            this.#finishAnswer(event.message);
            break;
          case "error":
            finished = true;
            this.#interruptAnswer();
            this.#fail(event.error, () => this.#resend(user));
            break;
        }
      }
      if (!finished) {
        this.#interruptAnswer();
        this.#fail(
          { type: "connection_lost", message: "The connection was lost before the answer finished." },
          () => void this.reloadHistory(),
        );
      }
    } catch (error) {
      this.#interruptAnswer();
      if (signal.aborted) {
        if (!stored) user.state = "interrupted";
        return;
      }
      if (mayRecreate && !stored && error instanceof ApiError && error.status === 404) {
        storage.conversationId = null; // the stored conversation is gone: start a new one
        return this.#turn(user, signal, false);
      }
      if (!stored) user.state = "failed";
      this.#fail(error, () => this.#resend(user));
    }
  }

  #resend(user: ChatMessage): void {
    this.messages = this.messages.filter((message) => message !== user);
    void this.send(user.content);
  }

  #replace(previous: ChatMessage, next: ChatMessage): ChatMessage {
    this.messages = this.messages.map((message) => (message === previous ? next : message));
    this.#host.requestUpdate();
    return next;
  }

  #startAnswer(messageId: string): void {
    this.#interruptAnswer();
    const answer: ChatMessage = { key: messageId, role: "assistant", content: "", state: "streaming", segments: [] };
    this.#streaming = answer;
    this.messages = [...this.messages, answer];
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

  #finishAnswer(message: Message): void {
    this.#commitPending();
    const done = fromStored(message);
    if (this.#streaming) this.#replace(this.#streaming, done);
    else this.messages = [...this.messages, done];
    this.#streaming = null;
    this.#callbacks.onAnswer(message);
  }

  #interruptAnswer(): void {
    this.#commitPending();
    const answer = this.#streaming;
    if (!answer) return;
    this.#streaming = null;
    if (answer.content === "") {
      this.messages = this.messages.filter((message) => message !== answer);
    } else {
      this.#replace(answer, { ...answer, state: "interrupted", segments: undefined });
    }
  }

  #fail(error: unknown, retry?: () => void): void {
    const chatError: ChatError =
      error instanceof ApiError
        ? { type: error.type, message: error.message, status: error.status, retry }
        : error && typeof error === "object" && "message" in error && typeof error.message === "string"
          ? { type: String((error as { type?: unknown }).type ?? "error"), message: error.message, retry }
          : { type: "error", message: "Something went wrong.", retry };
    this.error = chatError;
    this.#callbacks.onError(chatError);
    this.#host.requestUpdate();
  }

  #setStatus(status: ChatStatus): void {
    this.status = status;
    this.#host.requestUpdate();
  }
}
