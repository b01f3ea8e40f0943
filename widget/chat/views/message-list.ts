import { html, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { Strings } from "../../i18n";
import type { ChatMessage } from "../../state/chat-message";
import { messageView, type MessageActions } from "./message";

/** The conversation's messages, keyed so a streaming answer updates in place. */

export function messageListView(
  t: Strings,
  messages: readonly Readonly<ChatMessage>[],
  actions: MessageActions,
): TemplateResult {
  return html`<ol class="message-list" aria-label=${t.messages}>
    ${repeat(
      // An answer that has no text yet (its tools are running) shows as the tool status instead.
      messages.filter((m) => !(m.role === "assistant" && m.state === "streaming" && !m.content)),
      (message) => message.key,
      (message) => messageView(t, message, actions),
    )}
  </ol>`;
}
