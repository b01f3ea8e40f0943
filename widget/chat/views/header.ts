import { html, nothing, type TemplateResult } from "lit";
import type { Strings } from "../../i18n";
import { backIcon, closeIcon, listIcon, newIcon } from "./icons";
import { iconButton } from "./icon-button";

/** The panel's header: logo or back button, title, and the conversation / close buttons. */

export interface HeaderProps {
  t: Strings;
  title: string;
  logoUrl: string | undefined;
  /** The conversation list is showing (the header then leads back to the chat). */
  list: boolean;
  /** Inline mode has no close button: the page owns the panel. */
  closable: boolean;
  onBack: () => void;
  onConversations: () => void;
  onNew: () => void;
  onClose: () => void;
}

export function headerView(p: HeaderProps): TemplateResult {
  const { t, list } = p;
  return html`<header part="header" class="header">
    ${
      list
        ? iconButton(t.back, backIcon, p.onBack)
        : p.logoUrl
          ? html`<img class="logo" src=${p.logoUrl} alt="" />`
          : nothing
    }
    <h2 class="title">${list ? t.conversations : p.title}</h2>
    ${list ? nothing : iconButton(t.conversations, listIcon, p.onConversations)}
    ${iconButton(t.newConversation, newIcon, p.onNew)}
    ${p.closable ? iconButton(t.close, closeIcon, p.onClose) : nothing}
  </header>`;
}
