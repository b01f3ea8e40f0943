import { html, nothing, type TemplateResult } from "lit";
import { format, type Strings } from "../../i18n";
import { chatIcon, closeIcon } from "./icons";

/** The round launcher button with its unread badge, and the proactive greeting beside it. */

export function launcherView(t: Strings, open: boolean, unread: number, onToggle: () => void): TemplateResult {
  const label = open ? t.closeChat : unread ? `${t.openChat}, ${format(t.unread, unread)}` : t.openChat;
  return html`<button
    part="launcher"
    class="launcher"
    type="button"
    aria-label=${label}
    aria-expanded=${open ? "true" : "false"}
    @click=${onToggle}
  >
    ${open ? closeIcon : chatIcon}
    ${unread && !open ? html`<span part="badge" class="badge" aria-hidden="true">${unread}</span>` : nothing}
  </button>`;
}

export function nudgeView(
  t: Strings,
  greeting: string | undefined,
  onOpen: () => void,
  onDismiss: () => void,
): TemplateResult | typeof nothing {
  if (!greeting) return nothing;
  return html`<div part="greeting" class="nudge">
    <button class="nudge-text" type="button" @click=${onOpen}>${greeting}</button>
    <button class="nudge-close" type="button" aria-label=${t.dismiss} @click=${onDismiss}>${closeIcon}</button>
  </div>`;
}
