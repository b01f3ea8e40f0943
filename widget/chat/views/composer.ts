import { html, type TemplateResult } from "lit";
import { MAX_MESSAGE_CHARS } from "../../../protocol";
import type { Strings } from "../../i18n";
import { sendIcon, stopIcon } from "./icons";
import { iconButton } from "./icon-button";

/** The message box, with Send (or Stop while an answer streams). */

export interface ComposerProps {
  t: Strings;
  draft: string;
  busy: boolean;
  onInput: (event: Event) => void;
  onKeydown: (event: KeyboardEvent) => void;
  onSubmit: (event: SubmitEvent) => void;
  onStop: () => void;
}

export function composerView({ t, draft, busy, onInput, onKeydown, onSubmit, onStop }: ComposerProps): TemplateResult {
  return html`<form part="composer" class="composer" @submit=${onSubmit}>
    <textarea
      part="input"
      class="input"
      rows="1"
      maxlength=${MAX_MESSAGE_CHARS}
      aria-label=${t.messageLabel}
      placeholder=${t.placeholder}
      .value=${draft}
      @input=${onInput}
      @keydown=${onKeydown}
    ></textarea>
    ${
      busy
        ? iconButton(t.stop, stopIcon, onStop, { part: "stop", className: "send" })
        : html`<button
            part="send"
            class="send"
            type="submit"
            aria-label=${t.send}
            title=${t.send}
            ?disabled=${!draft.trim()}
          >
            ${sendIcon}
          </button>`
    }
  </form>`;
}
