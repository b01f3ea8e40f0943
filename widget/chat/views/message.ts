import { html, nothing, type TemplateResult } from "lit";
import type { Rating } from "../../../protocol";
import type { Strings } from "../../i18n";
import { markdown } from "../../markdown/markdown.directive";
import type { ChatMessage } from "../../state/chat-message";
import { checkIcon, copyIcon, downIcon, upIcon } from "./icons";
import { iconButton } from "./icon-button";

/**
 * One message: its text (assistant text as markdown built from DOM nodes, visitor text as plain
 * text: never HTML), a note under it (not sent, interrupted, a server notice), and for a stored
 * answer the copy and feedback buttons.
 */

export interface MessageActions {
  /** The key of the message whose copy button says "Copied". */
  copied: string;
  onCopy: (message: Readonly<ChatMessage>) => void;
  onRate: (message: Readonly<ChatMessage>, rating: Rating) => void;
}

export function messageView(t: Strings, message: Readonly<ChatMessage>, actions: MessageActions): TemplateResult {
  return html`<li part="message message-${message.role}" class="message ${message.role} ${message.state}">
    <span class="visually-hidden">${message.role === "user" ? t.you : t.assistant}:</span>
    <div class="bubble">
      ${message.role === "assistant" ? markdown(message.segments ?? message.content, t.copyCode) : message.content}
    </div>
    ${noteView(t, message)} ${actionsView(t, message, actions)}
  </li>`;
}

function noteView(t: Strings, message: Readonly<ChatMessage>) {
  const { state, notice } = message;
  const note =
    state === "queued"
      ? t.queued
      : state === "failed"
        ? t.notSent
        : notice === "fallback"
          ? t.noticeFallback
          : notice === "tool_limit"
            ? t.noticeToolLimit
            : (state === "interrupted" && message.role === "assistant") || notice === "interrupted"
              ? t.interrupted
              : "";
  return note ? html`<div part="note" class="note">${note}</div>` : nothing;
}

function actionsView(t: Strings, message: Readonly<ChatMessage>, { copied, onCopy, onRate }: MessageActions) {
  if (message.role !== "assistant" || message.state === "streaming" || !message.id) return nothing;
  const isCopied = copied === message.key;
  const rate = (rating: "up" | "down") => () => onRate(message, message.feedback === rating ? null : rating);
  const action = { className: "action" };
  return html`<div class="actions">
    ${iconButton(isCopied ? t.copied : t.copy, isCopied ? checkIcon : copyIcon, () => onCopy(message), action)}
    ${iconButton(t.helpful, upIcon, rate("up"), { ...action, pressed: message.feedback === "up" })}
    ${iconButton(t.notHelpful, downIcon, rate("down"), { ...action, pressed: message.feedback === "down" })}
  </div>`;
}
