import { ClawlessChat } from "./chat/clawless-chat.component";

export { ClawlessChat } from "./chat/clawless-chat.component";
export { attachGlobalApi } from "./global/attach";
export type { ClawlessGlobal } from "./global/contract";

// The widget lives on other people's pages, which may load it twice.
if (!customElements.get("clawless-chat")) customElements.define("clawless-chat", ClawlessChat);

declare global {
  interface HTMLElementTagNameMap {
    "clawless-chat": ClawlessChat;
  }
}
