import { html, nothing, type TemplateResult } from "lit";
import { MAX_MESSAGE_CHARS } from "../../../protocol";
import { format, type Strings } from "../../i18n";
import type { ChatError } from "../../state/conversation-controller";

/** What went wrong, in the visitor's language, with a Retry button when retrying makes sense. */

export function errorAlertView(t: Strings, error: Readonly<ChatError>, onRetry: () => void): TemplateResult {
  return html`<div class="error" role="alert">
    <p>${errorText(t, error)}</p>
    ${error.retry ? html`<button class="text-button" type="button" @click=${onRetry}>${t.retry}</button>` : nothing}
  </div>`;
}

/** Friendly, translated text for what went wrong; the server's own words only when nothing fits. */
function errorText(t: Strings, error: Readonly<ChatError>): string {
  if (error.status === 429) {
    if (/quota|budget|limit_exceeded/.test(error.type)) return t.quotaExceeded;
    return error.retryAfter ? format(t.rateLimitedFor, error.retryAfter) : t.rateLimited;
  }
  if (error.status === 0) return t.networkError;
  if (error.type === "connection_lost") return t.connectionLost;
  if (error.type === "too_long") return format(t.tooLong, MAX_MESSAGE_CHARS);
  if (error.type === "configuration_error") return t.notConfigured;
  if (error.status !== undefined && error.status >= 500) return t.genericError;
  return error.message || t.genericError;
}
