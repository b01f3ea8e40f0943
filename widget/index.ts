import { ClawlessChat } from "./chat/clawless-chat.component";

/**
 * The package entry (and the element chunk the loader imports): `<clawless-chat>` and the typed
 * `Clawless` API. Importing it on a server (SSR) touches no browser global: the element is only
 * registered where `customElements` exists.
 */
export { ClawlessChat, type ChatMode, type ChatTheme } from "./chat/clawless-chat.component";
export { attachGlobalApi } from "./chat/attach-global-api";
export type {
  ClawlessEventMap,
  ClawlessEventName,
  ClawlessGlobal,
  ClawlessListener,
  ClawlessToolHandler,
} from "./global/contract";
export type { Message, NoticeCode, StreamEvent } from "../protocol";

/** Registers `<clawless-chat>` once: the widget lives on other people's pages, which may load it twice. */
export function defineClawlessChat(): void {
  if (typeof customElements !== "undefined" && !customElements.get("clawless-chat")) {
    customElements.define("clawless-chat", ClawlessChat);
  }
}

defineClawlessChat();

declare global {
  interface HTMLElementTagNameMap {
    "clawless-chat": ClawlessChat;
  }
}
