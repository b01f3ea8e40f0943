import { html, nothing, type TemplateResult } from "lit";
import type { PublicTenant } from "../../../protocol";
import type { Strings } from "../../i18n";

/** An empty conversation: the greeting and the suggested prompts (each sends itself). */

export function startScreenView(
  t: Strings,
  tenant: Readonly<PublicTenant> | null,
  booting: boolean,
  onPrompt: (prompt: string) => void,
): TemplateResult | typeof nothing {
  if (!tenant) return booting ? html`<p class="status">${t.loading}</p>` : nothing;
  return html`<div class="start">
    ${tenant.greeting ? html`<p class="greeting">${tenant.greeting}</p>` : nothing}
    ${
      tenant.suggested_prompts.length
        ? html`<div class="suggestions" role="group" aria-label=${t.suggestions}>
            ${tenant.suggested_prompts.map(
              (prompt) =>
                html`<button part="suggestion" class="suggestion" type="button" @click=${() => onPrompt(prompt)}>
                  ${prompt}
                </button>`,
            )}
          </div>`
        : nothing
    }
  </div>`;
}
