import { html, nothing, type TemplateResult } from "lit";

/** The panel's many icon-only buttons: one label serves as accessible name and tooltip. */

export interface IconButtonOptions {
  /** `icon-button` (header) unless given, e.g. `action` under a message. */
  className?: string;
  part?: string;
  /** A toggle's state (`aria-pressed`); absent for plain buttons. */
  pressed?: boolean;
}

export const iconButton = (
  label: string,
  icon: TemplateResult,
  onClick: () => void,
  { className = "icon-button", part, pressed }: IconButtonOptions = {},
) =>
  html`<button
    part=${part ?? nothing}
    class=${className}
    type="button"
    aria-label=${label}
    title=${label}
    aria-pressed=${pressed === undefined ? nothing : String(pressed)}
    @click=${onClick}
  >
    ${icon}
  </button>`;
