import { html, type TemplateResult } from "lit";
import type { Conversation } from "../../../protocol";
import type { Locale } from "../../i18n";

/** The visitor's past conversations, newest first; choosing one opens it. */

export function conversationListView(
  { t, lang }: Locale,
  conversations: readonly Readonly<Conversation>[] | null,
  currentId: string | null,
  onOpen: (id: string) => void,
): TemplateResult {
  if (!conversations) return html`<p class="status list-status">${t.loading}</p>`;
  if (!conversations.length) return html`<p class="status list-status">${t.noConversations}</p>`;
  const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  return html`<ul class="conversations" aria-label=${t.conversations}>
    ${conversations.map(
      (conversation) =>
        html`<li>
          <button
            class="conversation"
            type="button"
            aria-current=${conversation.id === currentId ? "true" : "false"}
            @click=${() => onOpen(conversation.id)}
          >
            <span class="conversation-title">${conversation.title || t.untitled}</span>
            <span class="conversation-date">${date.format(new Date(conversation.updated_at))}</span>
          </button>
        </li>`,
    )}
  </ul>`;
}
