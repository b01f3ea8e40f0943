import { html, LitElement, nothing, type PropertyValues } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { styleMap } from "lit/directives/style-map.js";
import type { Rating } from "../api/client";
import type { Message } from "../../protocol";
import type { ClawlessToolHandler } from "../global/contract";
import { format, resolveLocale, type Locale } from "../i18n";
import { markdown } from "../markdown/markdown.directive";
import type { ChatMessage } from "../state/chat-message";
import {
  ChatStatus,
  ConversationController,
  MAX_MESSAGE_LENGTH,
  type ChatError,
} from "../state/conversation-controller";
import { styles } from "./clawless-chat.styles";
import { emit } from "./emit";
import {
  arrowDownIcon,
  backIcon,
  chatIcon,
  checkIcon,
  closeIcon,
  copyIcon,
  downIcon,
  listIcon,
  newIcon,
  sendIcon,
  stopIcon,
  upIcon,
} from "./icons";
import { tenantThemeVars } from "./theme";

export type ChatMode = "launcher" | "inline" | "fullscreen";
export type ChatTheme = "light" | "dark" | "auto";

/** Longer answers are announced up to here: reading on is the visitor's choice, not the live region's. */
const ANNOUNCE_CHARS = 600;

const announceable = (text: string): string =>
  text.length <= ANNOUNCE_CHARS
    ? text
    : `${text.slice(0, text.lastIndexOf(" ", ANNOUNCE_CHARS) + 1 || ANNOUNCE_CHARS)}…`;

/** How long "Copied" shows on a copy button. */
const COPIED_MS = 2000;
/** Scrolled closer than this to the bottom counts as "at the latest message". */
const STICKY_PX = 48;

/**
 * `<clawless-chat>`: the Clawless chat assistant.
 *
 * Attributes: `publishable-key`, `api`, `mode` (launcher | inline | fullscreen), `position`
 * (right | left), `open`, `locale` (en, es, de, fr, ja, ar; default: the browser's), `theme`
 * (light | dark | auto), `greeting-delay` (seconds until the greeting pops up beside the launcher).
 * Parts: launcher, badge, greeting, panel, header, messages, message, message-user,
 * message-assistant, note (a line under a message: not sent, interrupted, answered by a fallback
 * model, stopped at a limit), composer, input, send, stop, suggestion, jump, tool-status (what the assistant's
 * tools are doing), tool-confirm (asks the visitor before a client tool that wants confirmation).
 * Custom properties: --clawless-accent, --clawless-accent-contrast, --clawless-bg, --clawless-fg,
 * --clawless-radius, --clawless-font, --clawless-offset.
 * Events: clawless-ready, clawless-open, clawless-close, clawless-message (a finished assistant
 * message), clawless-message-sent (the visitor's message, as stored), clawless-error,
 * clawless-unread ({ count }).
 */
export class ClawlessChat extends LitElement {
  static override styles = styles;
  static override properties = {
    publishableKey: { type: String, attribute: "publishable-key" },
    api: { type: String },
    mode: { type: String, reflect: true },
    position: { type: String, reflect: true },
    open: { type: Boolean, reflect: true },
    locale: { type: String },
    theme: { type: String },
    greetingDelay: { type: Number, attribute: "greeting-delay" },
    draft: { state: true },
    announcement: { state: true },
    view: { state: true },
    unread: { state: true },
    scrolledUp: { state: true },
    nudge: { state: true },
    copied: { state: true },
    confirming: { state: true },
  };

  declare publishableKey: string;
  /** API base URL; empty means the page's own origin. */
  declare api: string;
  declare mode: ChatMode;
  declare position: "right" | "left";
  declare open: boolean;
  declare locale: string;
  declare theme: ChatTheme;
  declare greetingDelay: number | undefined;
  declare protected draft: string;
  declare protected announcement: string;
  declare protected view: "chat" | "conversations";
  declare protected unread: number;
  declare protected scrolledUp: boolean;
  /** The proactive greeting beside the launcher is showing. */
  declare protected nudge: boolean;
  /** The key of the message (or code block) whose copy button says "Copied". */
  declare protected copied: string;
  /** A client tool waiting for the visitor's OK, and how to answer it. */
  declare protected confirming: { name: string; status: string; answer: (ok: boolean) => void } | null;

  /** True once the element has rendered: `Clawless.on("ready")` after that fires at once. */
  ready = false;
  /** Client tools registered by the page (`Clawless.registerTool`), called by the tools feature. */
  readonly tools = new Map<string, ClawlessToolHandler>();
  #i18n: Locale = resolveLocale(undefined);
  #returnFocus = false;
  #stickToBottom = true;
  /** Distance from the bottom to keep while older messages are inserted above. */
  #anchor: number | null = null;
  #nudgeTimer = 0;
  #nudgeDismissed = false;

  readonly #chat = new ConversationController(this, () => ({ api: this.api, publishableKey: this.publishableKey }), {
    onSent: (message: Message) => emit(this, "message-sent", { message }),
    onAnswer: (message: Message) => {
      this.announcement = announceable(message.content);
      if (!this.open && !this.#inline) this.#setUnread(this.unread + 1);
      emit(this, "message", { message });
    },
    onError: (error: ChatError) =>
      emit(this, "error", { type: error.type, message: error.message, status: error.status }),
    tools: {
      handler: (name) => this.tools.get(name),
      confirm: (request) =>
        new Promise<boolean>((resolve) => {
          this.confirming?.answer(false); // one question at a time: an older one counts as declined
          this.show();
          this.confirming = {
            name: request.name,
            status: request.status,
            answer: (ok) => {
              this.confirming = null;
              resolve(ok);
            },
          };
        }),
    },
  });

  constructor() {
    super();
    this.publishableKey = "";
    this.api = "";
    this.mode = "launcher";
    this.position = "right";
    this.open = false;
    this.locale = "";
    this.theme = "light";
    this.greetingDelay = undefined;
    this.draft = "";
    this.announcement = "";
    this.view = "chat";
    this.unread = 0;
    this.scrolledUp = false;
    this.nudge = false;
    this.copied = "";
    this.confirming = null;
  }

  get #inline(): boolean {
    return this.mode === "inline";
  }

  get #t() {
    return this.#i18n.t;
  }

  /** Opens the panel (and bootstraps on first open). */
  show(): void {
    this.open = true;
  }

  hide(): void {
    this.#returnFocus = this.matches(":focus-within");
    this.open = false;
  }

  toggle(): void {
    if (this.open) this.hide();
    else this.show();
  }

  /** Sends a message as the visitor, opening the panel first. */
  async send(text: string): Promise<void> {
    this.show();
    this.view = "chat";
    this.#stickToBottom = true;
    await this.#chat.send(text);
  }

  /** Opens the panel with `text` in the message box, ready to edit and send. */
  setInput(text: string): void {
    this.show();
    this.view = "chat";
    this.draft = text;
    this.#focusInput();
  }

  /** Presents a tenant-signed identity token (JWT) on every request from now on. */
  identify(token: string): void {
    this.#chat.identify(token);
  }

  /** Forgets the identity, the visitor and the conversation, and starts afresh anonymously. */
  logout(): void {
    this.#chat.logout();
    this.announcement = "";
    this.view = "chat";
    if (this.open || this.#inline) void this.#chat.boot();
  }

  newConversation(): void {
    this.#chat.newConversation();
    this.announcement = "";
    this.view = "chat";
    this.#focusInput();
  }

  /** Stores a client tool's handler (see {@link ClawlessToolHandler}). */
  registerTool(name: string, handler: ClawlessToolHandler): void {
    if (typeof handler === "function") this.tools.set(name, handler);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.open || this.#inline) void this.#chat.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#nudgeTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("locale")) this.#i18n = resolveLocale(this.locale || undefined);
    if (changed.has("open") && this.open) {
      if (this.isConnected) void this.#chat.boot();
      this.nudge = false;
      this.#nudgeDismissed = true;
      if (this.unread) this.#setUnread(0);
    }
    if (changed.has("greetingDelay") || changed.has("mode")) this.#scheduleNudge();
  }

  protected override firstUpdated(): void {
    this.ready = true;
    emit(this, "ready");
  }

  protected override updated(changed: PropertyValues<this>): void {
    const previous = changed.get("open");
    if (changed.has("open") && previous !== undefined && previous !== this.open) {
      if (this.open) {
        emit(this, "open");
        this.#focusInput();
      } else {
        emit(this, "close");
        if (this.#returnFocus) this.renderRoot.querySelector<HTMLElement>(".launcher")?.focus();
        this.#returnFocus = false;
      }
    }
    const scroller = this.renderRoot.querySelector<HTMLElement>(".messages");
    if (!scroller) return;
    if (this.#anchor !== null && !this.#chat.loadingEarlier) {
      scroller.scrollTop = scroller.scrollHeight - this.#anchor;
      this.#anchor = null;
    } else if (this.#stickToBottom) {
      scroller.scrollTop = scroller.scrollHeight;
    }
  }

  override render() {
    const showPanel = this.open || this.#inline;
    return html`<div
      class="root"
      lang=${this.#i18n.lang}
      dir=${this.#i18n.dir}
      data-mode=${this.mode}
      data-position=${this.position}
      data-theme=${this.theme === "dark" || this.theme === "auto" ? this.theme : "light"}
      style=${styleMap(tenantThemeVars(this.#chat.tenant?.theme))}
    >
      ${this.#inline ? nothing : this.#renderLauncher()} ${showPanel ? this.#renderPanel() : nothing}
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  #renderLauncher() {
    const t = this.#t;
    const label = this.open
      ? t.closeChat
      : this.unread
        ? `${t.openChat}, ${format(t.unread, this.unread)}`
        : t.openChat;
    return html`${this.nudge && !this.open ? this.#renderNudge() : nothing}
      <button
        part="launcher"
        class="launcher"
        type="button"
        aria-label=${label}
        aria-expanded=${this.open ? "true" : "false"}
        @click=${() => this.toggle()}
      >
        ${this.open ? closeIcon : chatIcon}
        ${
          this.unread && !this.open
            ? html`<span part="badge" class="badge" aria-hidden="true">${this.unread}</span>`
            : nothing
        }
      </button>`;
  }

  #renderNudge() {
    const greeting = this.#chat.tenant?.greeting;
    if (!greeting) return nothing;
    return html`<div part="greeting" class="nudge">
      <button class="nudge-text" type="button" @click=${() => this.show()}>${greeting}</button>
      <button
        class="nudge-close"
        type="button"
        aria-label=${this.#t.dismiss}
        @click=${() => {
          this.nudge = false;
          this.#nudgeDismissed = true;
        }}
      >
        ${closeIcon}
      </button>
    </div>`;
  }

  #renderPanel() {
    const t = this.#t;
    const chat = this.#chat;
    const tenant = chat.tenant;
    const title = tenant?.theme.title || tenant?.name || t.defaultTitle;
    const list = this.view === "conversations";
    return html`<section
      part="panel"
      class="panel"
      role="dialog"
      aria-modal=${this.mode === "fullscreen" ? "true" : "false"}
      aria-label=${title}
      @keydown=${this.#onPanelKeydown}
    >
      <header part="header" class="header">
        ${
          list
            ? html`<button
                class="icon-button"
                type="button"
                aria-label=${t.back}
                title=${t.back}
                @click=${this.#showChat}
              >
                ${backIcon}
              </button>`
            : tenant?.theme.logo_url
              ? html`<img class="logo" src=${tenant.theme.logo_url} alt="" />`
              : nothing
        }
        <h2 class="title">${list ? t.conversations : title}</h2>
        ${
          list
            ? nothing
            : html`<button
                class="icon-button"
                type="button"
                aria-label=${t.conversations}
                title=${t.conversations}
                @click=${this.#showConversations}
              >
                ${listIcon}
              </button>`
        }
        <button
          class="icon-button"
          type="button"
          aria-label=${t.newConversation}
          title=${t.newConversation}
          @click=${() => this.newConversation()}
        >
          ${newIcon}
        </button>
        ${
          this.#inline
            ? nothing
            : html`<button
                class="icon-button"
                type="button"
                aria-label=${t.close}
                title=${t.close}
                @click=${() => this.hide()}
              >
                ${closeIcon}
              </button>`
        }
      </header>
      ${chat.online ? nothing : html`<p class="offline" role="status">${t.offline}</p>`}
      ${list ? this.#renderConversations() : this.#renderChat()}
    </section>`;
  }

  #renderConversations() {
    const t = this.#t;
    const conversations = this.#chat.conversations;
    if (!conversations) return html`<p class="status list-status">${t.loading}</p>`;
    if (!conversations.length) return html`<p class="status list-status">${t.noConversations}</p>`;
    const date = new Intl.DateTimeFormat(this.#i18n.lang, { dateStyle: "medium", timeStyle: "short" });
    return html`<ul class="conversations" aria-label=${t.conversations}>
      ${conversations.map(
        (conversation) =>
          html`<li>
            <button
              class="conversation"
              type="button"
              aria-current=${conversation.id === this.#chat.conversationId ? "true" : "false"}
              @click=${() => this.#openConversation(conversation.id)}
            >
              <span class="conversation-title">${conversation.title || t.untitled}</span>
              <span class="conversation-date">${date.format(new Date(conversation.updated_at))}</span>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  #renderChat() {
    const t = this.#t;
    const chat = this.#chat;
    return html`<div class="body">
        <div part="messages" class="messages" @scroll=${this.#onScroll} @click=${this.#onMessagesClick}>
          ${
            chat.hasMore
              ? html`<button
                  class="text-button"
                  type="button"
                  ?disabled=${chat.loadingEarlier}
                  @click=${this.#loadEarlier}
                >
                  ${chat.loadingEarlier ? t.loading : t.loadEarlier}
                </button>`
              : nothing
          }
          ${chat.messages.length === 0 ? this.#renderStart() : this.#renderMessages(chat.messages)}
          ${
            chat.status === ChatStatus.Sending
              ? html`<div class="typing" role="img" aria-label=${t.typing}>
                  <span></span><span></span><span></span>
                </div>`
              : nothing
          }
          ${this.#renderToolActivity()} ${chat.error ? this.#renderError(chat.error) : nothing}
        </div>
        ${
          this.scrolledUp && chat.messages.length
            ? html`<button part="jump" class="jump" type="button" @click=${this.#jumpToLatest}>
                ${arrowDownIcon}<span>${t.jumpToLatest}</span>
              </button>`
            : nothing
        }
      </div>
      ${this.#renderComposer()}`;
  }

  #renderStart() {
    const tenant = this.#chat.tenant;
    if (!tenant) {
      return this.#chat.status === ChatStatus.Booting ? html`<p class="status">${this.#t.loading}</p>` : nothing;
    }
    return html`<div class="start">
      ${tenant.greeting ? html`<p class="greeting">${tenant.greeting}</p>` : nothing}
      ${
        tenant.suggested_prompts.length
          ? html`<div class="suggestions" role="group" aria-label=${this.#t.suggestions}>
              ${tenant.suggested_prompts.map(
                (prompt) =>
                  html`<button
                    part="suggestion"
                    class="suggestion"
                    type="button"
                    @click=${() => void this.send(prompt)}
                  >
                    ${prompt}
                  </button>`,
              )}
            </div>`
          : nothing
      }
    </div>`;
  }

  #renderMessages(messages: ChatMessage[]) {
    const t = this.#t;
    return html`<ol class="message-list" aria-label=${t.messages}>
      ${repeat(
        // An answer that has no text yet (its tools are running) shows as the tool status instead.
        messages.filter((m) => !(m.role === "assistant" && m.state === "streaming" && !m.content)),
        (message) => message.key,
        (message) =>
          html`<li part="message message-${message.role}" class="message ${message.role} ${message.state}">
            <span class="visually-hidden">${message.role === "user" ? t.you : t.assistant}:</span>
            <div class="bubble">${this.#renderText(message)}</div>
            ${this.#renderNote(message)} ${this.#renderActions(message)}
          </li>`,
      )}
    </ol>`;
  }

  /** Assistant text is markdown built as DOM nodes; visitor text is plain text. Never HTML. */
  #renderText(message: ChatMessage) {
    return message.role === "assistant"
      ? markdown(message.segments ?? message.content, this.#t.copyCode)
      : message.content;
  }

  #renderNote(message: ChatMessage) {
    const t = this.#t;
    const notice = message.notice;
    const note =
      message.state === "queued"
        ? t.queued
        : message.state === "failed"
          ? t.notSent
          : notice === "fallback"
            ? t.noticeFallback
            : notice === "tool_limit"
              ? t.noticeToolLimit
              : (message.state === "interrupted" && message.role === "assistant") || notice === "interrupted"
                ? t.interrupted
                : "";
    return note ? html`<div part="note" class="note">${note}</div>` : nothing;
  }

  #renderActions(message: ChatMessage) {
    if (message.role !== "assistant" || message.state === "streaming" || !message.id) return nothing;
    const t = this.#t;
    const copied = this.copied === message.key;
    const rate = (rating: Exclude<Rating, null>) => () =>
      void this.#chat.rate(message, message.feedback === rating ? null : rating);
    return html`<div class="actions">
      <button
        class="action"
        type="button"
        aria-label=${copied ? t.copied : t.copy}
        title=${copied ? t.copied : t.copy}
        @click=${() => this.#copy(message.key, message.content)}
      >
        ${copied ? checkIcon : copyIcon}
      </button>
      <button
        class="action"
        type="button"
        aria-label=${t.helpful}
        title=${t.helpful}
        aria-pressed=${message.feedback === "up" ? "true" : "false"}
        @click=${rate("up")}
      >
        ${upIcon}
      </button>
      <button
        class="action"
        type="button"
        aria-label=${t.notHelpful}
        title=${t.notHelpful}
        aria-pressed=${message.feedback === "down" ? "true" : "false"}
        @click=${rate("down")}
      >
        ${downIcon}
      </button>
    </div>`;
  }

  /** What the assistant's tools are doing, and a client tool's request for the visitor's OK. */
  #renderToolActivity() {
    const t = this.#t;
    const confirming = this.confirming;
    if (confirming) {
      return html`<div part="tool-confirm" class="tool-confirm" role="group" aria-label=${t.toolConfirmTitle}>
        <p>${format(t.toolConfirm, confirming.status)}</p>
        <div class="tool-confirm-actions">
          <button class="text-button" type="button" @click=${() => confirming.answer(true)}>${t.toolAllow}</button>
          <button class="text-button" type="button" @click=${() => confirming.answer(false)}>${t.toolDeny}</button>
        </div>
      </div>`;
    }
    const status = this.#chat.toolStatus;
    return status ? html`<p part="tool-status" class="tool-status" role="status">${status}</p>` : nothing;
  }

  #renderError(error: ChatError) {
    return html`<div class="error" role="alert">
      <p>${this.#errorText(error)}</p>
      ${
        error.retry
          ? html`<button class="text-button" type="button" @click=${() => this.#chat.retry()}>${this.#t.retry}</button>`
          : nothing
      }
    </div>`;
  }

  /** Friendly, translated text for what went wrong; the server's own words only when nothing fits. */
  #errorText(error: ChatError): string {
    const t = this.#t;
    if (error.status === 429) {
      if (/quota|budget|limit_exceeded/.test(error.type)) return t.quotaExceeded;
      return error.retryAfter ? format(t.rateLimitedFor, error.retryAfter) : t.rateLimited;
    }
    if (error.status === 0) return t.networkError;
    if (error.type === "connection_lost") return t.connectionLost;
    if (error.type === "too_long") return format(t.tooLong, MAX_MESSAGE_LENGTH);
    if (error.type === "configuration_error") return t.notConfigured;
    if (error.status !== undefined && error.status >= 500) return t.genericError;
    return error.message || t.genericError;
  }

  #renderComposer() {
    const t = this.#t;
    const busy = this.#chat.busy;
    return html`<form part="composer" class="composer" @submit=${this.#onSubmit}>
      <textarea
        part="input"
        class="input"
        rows="1"
        maxlength=${MAX_MESSAGE_LENGTH}
        aria-label=${t.messageLabel}
        placeholder=${t.placeholder}
        .value=${this.draft}
        @input=${this.#onInput}
        @keydown=${this.#onInputKeydown}
      ></textarea>
      ${
        busy
          ? html`<button
              part="stop"
              class="send"
              type="button"
              aria-label=${t.stop}
              title=${t.stop}
              @click=${() => this.#chat.stop()}
            >
              ${stopIcon}
            </button>`
          : html`<button
              part="send"
              class="send"
              type="submit"
              aria-label=${t.send}
              title=${t.send}
              ?disabled=${!this.draft.trim()}
            >
              ${sendIcon}
            </button>`
      }
    </form>`;
  }

  #onInput = (event: Event): void => {
    this.draft = (event.target as HTMLTextAreaElement).value;
  };

  #onInputKeydown = (event: KeyboardEvent): void => {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.#submit();
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.#submit();
  };

  #submit(): void {
    const text = this.draft;
    // While an answer streams, the message box keeps its text (unless offline: then it queues).
    if (!text.trim() || (this.#chat.busy && this.#chat.online)) return;
    this.draft = "";
    void this.send(text);
  }

  #onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key === "Escape" && !this.#inline) {
      event.stopPropagation();
      this.hide();
    }
  };

  #onScroll = (event: Event): void => {
    const scroller = event.currentTarget as HTMLElement;
    this.#stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICKY_PX;
    if (this.scrolledUp === this.#stickToBottom) this.scrolledUp = !this.#stickToBottom;
    if (scroller.scrollTop < STICKY_PX && this.#chat.hasMore && !this.#chat.loadingEarlier) this.#loadEarlier();
  };

  /** Code blocks' copy buttons are plain DOM from the markdown renderer: handled here, delegated. */
  #onMessagesClick = (event: Event): void => {
    const button = (event.target as Element).closest?.(".copy-code");
    const code = button?.parentElement?.querySelector("code");
    if (!button || !code) return;
    void this.#copyText(code.textContent ?? "").then((ok) => {
      if (!ok) return;
      button.textContent = this.#t.copied;
      setTimeout(() => (button.textContent = this.#t.copyCode), COPIED_MS);
    });
  };

  #loadEarlier = (): void => {
    const scroller = this.renderRoot.querySelector<HTMLElement>(".messages");
    if (scroller) this.#anchor = scroller.scrollHeight - scroller.scrollTop;
    void this.#chat.loadEarlier();
  };

  #jumpToLatest = (): void => {
    const scroller = this.renderRoot.querySelector<HTMLElement>(".messages");
    this.#stickToBottom = true;
    this.scrolledUp = false;
    scroller?.scrollTo({ top: scroller.scrollHeight });
    this.#focusInput();
  };

  #showConversations = (): void => {
    this.view = "conversations";
    void this.#chat.loadConversations();
  };

  #showChat = (): void => {
    this.view = "chat";
    this.#focusInput();
  };

  #openConversation(id: string): void {
    this.view = "chat";
    this.#stickToBottom = true;
    void this.#chat.openConversation(id);
    this.#focusInput();
  }

  async #copy(key: string, text: string): Promise<void> {
    if (!(await this.#copyText(text))) return;
    this.copied = key;
    setTimeout(() => {
      if (this.copied === key) this.copied = "";
    }, COPIED_MS);
  }

  async #copyText(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false; // no clipboard (insecure page, or permission refused): nothing to confirm
    }
  }

  #setUnread(count: number): void {
    this.unread = count;
    emit(this, "unread", { count });
  }

  /** The proactive greeting: after `greeting-delay` seconds, unless the visitor has opened the chat. */
  #scheduleNudge(): void {
    clearTimeout(this.#nudgeTimer);
    const delay = this.greetingDelay;
    if (delay === undefined || !Number.isFinite(delay) || delay < 0 || this.#inline || this.#nudgeDismissed) return;
    this.#nudgeTimer = window.setTimeout(async () => {
      if (this.open || this.#nudgeDismissed || !(await this.#chat.boot())) return;
      this.nudge = !this.open && !this.#nudgeDismissed;
    }, delay * 1000);
  }

  #focusInput(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector("textarea")?.focus());
  }
}
