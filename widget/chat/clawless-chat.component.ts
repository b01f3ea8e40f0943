import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import type { Message } from "../../protocol";
import type { ClawlessToolHandler } from "../global/contract";
import { resolveLocale, type Locale } from "../i18n";
import { ChatStatus, ConversationController, type ChatError } from "../state/conversation-controller";
import { styles } from "./clawless-chat.styles";
import { emit } from "./emit";
import { arrowDownIcon } from "./views/icons";
import { tenantThemeVars } from "./theme";
import { composerView } from "./views/composer";
import { conversationListView } from "./views/conversation-list";
import { errorAlertView } from "./views/error-alert";
import { headerView } from "./views/header";
import { launcherView, nudgeView } from "./views/launcher";
import { messageListView } from "./views/message-list";
import type { MessageActions } from "./views/message";
import { startScreenView } from "./views/start-screen";
import { toolActivityView, type ToolConfirmation } from "./views/tool-activity";

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
  declare protected confirming: ToolConfirmation | null;

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

  override render(): TemplateResult {
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
    return html`${
      this.nudge && !this.open
        ? nudgeView(t, this.#chat.tenant?.greeting, this.#show, () => {
            this.nudge = false;
            this.#nudgeDismissed = true;
          })
        : nothing
    }
    ${launcherView(t, this.open, this.unread, this.#toggle)}`;
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
      ${headerView({
        t,
        title,
        logoUrl: tenant?.theme.logo_url,
        list,
        closable: !this.#inline,
        onBack: this.#showChat,
        onConversations: this.#showConversations,
        onNew: () => this.newConversation(),
        onClose: () => this.hide(),
      })}
      ${chat.online ? nothing : html`<p class="offline" role="status">${t.offline}</p>`}
      ${
        list
          ? conversationListView(this.#i18n, chat.conversations, chat.conversationId, this.#openConversation)
          : this.#renderChat()
      }
    </section>`;
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
          ${
            chat.messages.length === 0
              ? startScreenView(t, chat.tenant, chat.status === ChatStatus.Booting, (prompt) => void this.send(prompt))
              : messageListView(t, chat.messages, this.#messageActions)
          }
          ${
            chat.status === ChatStatus.Sending
              ? html`<div class="typing" role="img" aria-label=${t.typing}>
                  <span></span><span></span><span></span>
                </div>`
              : nothing
          }
          ${toolActivityView(t, this.confirming, chat.toolStatus)}
          ${chat.error ? errorAlertView(t, chat.error, () => chat.retry()) : nothing}
        </div>
        ${
          this.scrolledUp && chat.messages.length
            ? html`<button part="jump" class="jump" type="button" @click=${this.#jumpToLatest}>
                ${arrowDownIcon}<span>${t.jumpToLatest}</span>
              </button>`
            : nothing
        }
      </div>
      ${composerView({
        t,
        draft: this.draft,
        busy: chat.busy,
        onInput: this.#onInput,
        onKeydown: this.#onInputKeydown,
        onSubmit: this.#onSubmit,
        onStop: () => chat.stop(),
      })}`;
  }

  get #messageActions(): MessageActions {
    return {
      copied: this.copied,
      onCopy: (message) => void this.#copy(message.key, message.content),
      onRate: (message, rating) => void this.#chat.rate(message, rating),
    };
  }

  #show = (): void => this.show();
  #toggle = (): void => this.toggle();

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

  #openConversation = (id: string): void => {
    this.view = "chat";
    this.#stickToBottom = true;
    void this.#chat.openConversation(id);
    this.#focusInput();
  };

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
