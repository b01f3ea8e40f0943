import { html, LitElement, nothing, type PropertyValues } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { styleMap } from "lit/directives/style-map.js";
import type { Message } from "../api/types";
import type { ChatMessage } from "../state/chat-message";
import {
  ChatStatus,
  ConversationController,
  MAX_MESSAGE_LENGTH,
  type ChatError,
} from "../state/conversation-controller";
import { markdown } from "../markdown/markdown.directive";
import { styles } from "./clawless-chat.styles";
import { emit } from "./emit";
import { chatIcon, closeIcon, newIcon, sendIcon, stopIcon } from "./icons";
import { strings } from "./strings";
import { tenantThemeVars } from "./theme";

export type ChatMode = "launcher" | "inline" | "fullscreen";

/**
 * `<clawless-chat>`: the Clawless chat assistant.
 *
 * Attributes: `publishable-key`, `api`, `mode` (launcher | inline | fullscreen), `position`
 * (right | left), `open`.
 * Parts: launcher, panel, header, messages, message, message-user, message-assistant, composer,
 * input, send, stop, suggestion.
 * Custom properties: --clawless-accent, --clawless-accent-contrast, --clawless-bg, --clawless-fg,
 * --clawless-radius, --clawless-font.
 * Events: clawless-ready, clawless-open, clawless-close, clawless-message (a finished assistant
 * message), clawless-message-sent (the visitor's message, as stored), clawless-error.
 */
export class ClawlessChat extends LitElement {
  static override styles = styles;
  static override properties = {
    publishableKey: { type: String, attribute: "publishable-key" },
    api: { type: String },
    mode: { type: String, reflect: true },
    position: { type: String, reflect: true },
    open: { type: Boolean, reflect: true },
    draft: { state: true },
    announcement: { state: true },
  };

  declare publishableKey: string;
  /** API base URL; empty means the page's own origin. */
  declare api: string;
  declare mode: ChatMode;
  declare position: "right" | "left";
  declare open: boolean;
  declare protected draft: string;
  declare protected announcement: string;

  /** True once the element has rendered: `Clawless.on("ready")` after that fires at once. */
  ready = false;
  #returnFocus = false;
  #stickToBottom = true;

  readonly #chat = new ConversationController(this, () => ({ api: this.api, publishableKey: this.publishableKey }), {
    onSent: (message: Message) => emit(this, "message-sent", { message }),
    onAnswer: (message: Message) => {
      this.announcement = message.content;
      emit(this, "message", { message });
    },
    onError: (error: ChatError) =>
      emit(this, "error", { type: error.type, message: error.message, status: error.status }),
  });

  constructor() {
    super();
    this.publishableKey = "";
    this.api = "";
    this.mode = "launcher";
    this.position = "right";
    this.open = false;
    this.draft = "";
    this.announcement = "";
  }

  get #inline(): boolean {
    return this.mode === "inline";
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
    this.#stickToBottom = true;
    await this.#chat.send(text);
  }

  newConversation(): void {
    this.#chat.newConversation();
    this.announcement = "";
    this.#focusInput();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.open || this.#inline) void this.#chat.boot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("open") && this.open && this.isConnected) void this.#chat.boot();
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
    if (scroller && this.#stickToBottom) scroller.scrollTop = scroller.scrollHeight;
  }

  override render() {
    const showPanel = this.open || this.#inline;
    return html`<div
      class="root"
      data-mode=${this.mode}
      data-position=${this.position}
      style=${styleMap(tenantThemeVars(this.#chat.tenant?.theme))}
    >
      ${this.#inline ? nothing : this.#renderLauncher()} ${showPanel ? this.#renderPanel() : nothing}
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  #renderLauncher() {
    return html`<button
      part="launcher"
      class="launcher"
      type="button"
      aria-label=${this.open ? strings.closeChat : strings.openChat}
      aria-expanded=${this.open ? "true" : "false"}
      @click=${() => this.toggle()}
    >
      ${this.open ? closeIcon : chatIcon}
    </button>`;
  }

  #renderPanel() {
    const chat = this.#chat;
    const tenant = chat.tenant;
    const title = tenant?.theme.title || tenant?.name || strings.defaultTitle;
    return html`<section part="panel" class="panel" role="dialog" aria-label=${title} @keydown=${this.#onPanelKeydown}>
      <header part="header" class="header">
        ${tenant?.theme.logo_url ? html`<img class="logo" src=${tenant.theme.logo_url} alt="" />` : nothing}
        <h2 class="title">${title}</h2>
        <button
          class="icon-button"
          type="button"
          aria-label=${strings.newConversation}
          title=${strings.newConversation}
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
                aria-label=${strings.close}
                title=${strings.close}
                @click=${() => this.hide()}
              >
                ${closeIcon}
              </button>`
        }
      </header>
      <div part="messages" class="messages" @scroll=${this.#onScroll}>
        ${
          chat.hasMore
            ? html`<button class="text-button" type="button" @click=${() => chat.loadEarlier()}>
                ${strings.loadEarlier}
              </button>`
            : nothing
        }
        ${chat.messages.length === 0 ? this.#renderStart() : this.#renderMessages(chat.messages)}
        ${chat.status === ChatStatus.Sending ? html`<div class="typing" role="status" aria-label=${strings.typing}><span></span><span></span><span></span></div>` : nothing}
        ${chat.error ? this.#renderError(chat.error) : nothing}
      </div>
      ${this.#renderComposer()}
    </section>`;
  }

  #renderStart() {
    const tenant = this.#chat.tenant;
    if (!tenant) {
      return this.#chat.status === ChatStatus.Booting ? html`<p class="status">${strings.loading}</p>` : nothing;
    }
    return html`<div class="start">
      ${tenant.greeting ? html`<p class="greeting">${tenant.greeting}</p>` : nothing}
      ${
        tenant.suggested_prompts.length
          ? html`<div class="suggestions" role="group" aria-label=${strings.suggestions}>
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
    return html`<ol class="message-list" aria-label=${strings.messages}>
      ${repeat(
        messages,
        (message) => message.key,
        (message) =>
          html`<li part="message message-${message.role}" class="message ${message.role} ${message.state}">
            <span class="visually-hidden">${message.role === "user" ? strings.you : strings.assistant}:</span>
            <div class="bubble">${this.#renderText(message)}</div>
            ${
              message.state === "interrupted" && message.role === "assistant"
                ? html`<div class="note">${strings.interrupted}</div>`
                : nothing
            }
          </li>`,
      )}
    </ol>`;
  }

  /** Assistant text is markdown built as DOM nodes; visitor text is plain text. Never HTML. */
  #renderText(message: ChatMessage) {
    return message.role === "assistant" ? markdown(message.segments ?? message.content) : message.content;
  }

  #renderError(error: ChatError) {
    const text = error.status === 429 ? strings.rateLimited : error.message;
    return html`<div class="error" role="alert">
      <p>${text}</p>
      ${
        error.retry
          ? html`<button class="text-button" type="button" @click=${() => this.#chat.retry()}>${strings.retry}</button>`
          : nothing
      }
    </div>`;
  }

  #renderComposer() {
    const busy = this.#chat.busy;
    return html`<form part="composer" class="composer" @submit=${this.#onSubmit}>
      <textarea
        part="input"
        class="input"
        rows="1"
        maxlength=${MAX_MESSAGE_LENGTH}
        aria-label=${strings.messageLabel}
        placeholder=${strings.placeholder}
        @input=${this.#onInput}
        @keydown=${this.#onInputKeydown}
      ></textarea>
      ${
        busy
          ? html`<button
              part="stop"
              class="send"
              type="button"
              aria-label=${strings.stop}
              title=${strings.stop}
              @click=${() => this.#chat.stop()}
            >
              ${stopIcon}
            </button>`
          : html`<button
              part="send"
              class="send"
              type="submit"
              aria-label=${strings.send}
              title=${strings.send}
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
    const input = this.renderRoot.querySelector("textarea");
    if (!input || !input.value.trim() || this.#chat.busy) return;
    const text = input.value;
    input.value = "";
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
    this.#stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
  };

  #focusInput(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector("textarea")?.focus());
  }
}
