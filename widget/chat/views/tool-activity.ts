import { html, nothing, type TemplateResult } from "lit";
import { format, type Strings } from "../../i18n";

/** What the assistant's tools are doing, or a client tool asking for the visitor's OK. */

export interface ToolConfirmation {
  name: string;
  status: string;
  answer: (ok: boolean) => void;
}

export function toolActivityView(
  t: Strings,
  confirming: ToolConfirmation | null,
  status: string | null,
): TemplateResult | typeof nothing {
  if (confirming) {
    return html`<div part="tool-confirm" class="tool-confirm" role="group" aria-label=${t.toolConfirmTitle}>
      <p>${format(t.toolConfirm, confirming.status)}</p>
      <div class="tool-confirm-actions">
        <button class="text-button" type="button" @click=${() => confirming.answer(true)}>${t.toolAllow}</button>
        <button class="text-button" type="button" @click=${() => confirming.answer(false)}>${t.toolDeny}</button>
      </div>
    </div>`;
  }
  return status ? html`<p part="tool-status" class="tool-status" role="status">${status}</p>` : nothing;
}
