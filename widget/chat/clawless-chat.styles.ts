import { css } from "lit";

/**
 * Everything lives in the shadow root; the page reaches in only through `::part` and the
 * `--clawless-*` custom properties. Sizes are in px (never rem/em from the page) and typography is
 * set explicitly on the root, so page rules such as `* { font-size: 40px }` do not leak in.
 */
export const styles = css`
  :host {
    all: initial;
    display: block;
  }
  :host([mode="inline"]) {
    height: 100%;
  }

  .root {
    --_accent: var(--clawless-accent, var(--_tenant-accent, #3b5bdb));
    --_accent-contrast: var(--clawless-accent-contrast, var(--_tenant-accent-contrast, #ffffff));
    --_bg: var(--clawless-bg, #ffffff);
    --_fg: var(--clawless-fg, #1f2328);
    --_danger: #b42318;
    --_muted: color-mix(in srgb, var(--_fg) 75%, var(--_bg));
    --_surface: color-mix(in srgb, var(--_fg) 6%, var(--_bg));
    --_border: color-mix(in srgb, var(--_fg) 16%, var(--_bg));
    --_control-border: color-mix(in srgb, var(--_fg) 45%, var(--_bg));
    --_radius: var(--clawless-radius, var(--_tenant-radius, 14px));
    --_offset: var(--clawless-offset, 20px);
    color-scheme: light;
    font-family: var(--clawless-font, var(--_tenant-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif));
    font-size: 15px;
    font-weight: 400;
    font-style: normal;
    line-height: 1.45;
    letter-spacing: normal;
    text-align: start;
    text-transform: none;
    color: var(--_fg);
    height: 100%;
  }
  .root[data-theme="dark"] {
    --_bg: var(--clawless-bg, #17191d);
    --_fg: var(--clawless-fg, #e8eaed);
    --_danger: #ffb4ab;
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    .root[data-theme="auto"] {
      --_bg: var(--clawless-bg, #17191d);
      --_fg: var(--clawless-fg, #e8eaed);
      --_danger: #ffb4ab;
      color-scheme: dark;
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .launcher {
    position: fixed;
    bottom: var(--_offset);
    right: var(--_offset);
    z-index: 2147483000;
    width: 56px;
    height: 56px;
    border: 0;
    border-radius: 50%;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-contrast);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.22);
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .badge {
    position: absolute;
    top: -4px;
    inset-inline-end: -4px;
    min-width: 20px;
    height: 20px;
    padding: 0 5px;
    border-radius: 10px;
    background: #c4320a;
    color: #ffffff;
    font-size: 12px;
    font-weight: 700;
    line-height: 20px;
    text-align: center;
  }
  .nudge {
    position: fixed;
    bottom: calc(var(--_offset) + 68px);
    right: var(--_offset);
    z-index: 2147483000;
    max-width: 280px;
    display: flex;
    align-items: flex-start;
    gap: 4px;
    padding: 4px;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.18);
    animation: clawless-in 0.18s ease-out;
  }
  .root[data-position="left"] .nudge {
    right: auto;
    left: var(--_offset);
  }
  .nudge-text {
    flex: 1;
    border: 0;
    background: none;
    padding: 8px 10px;
    text-align: start;
    white-space: pre-wrap;
  }
  .nudge-close {
    width: 28px;
    height: 28px;
    border: 0;
    border-radius: 6px;
    display: grid;
    place-items: center;
    background: none;
  }
  .nudge-close svg {
    width: 16px;
    height: 16px;
  }
  .launcher svg {
    width: 26px;
    height: 26px;
  }
  .root[data-position="left"] .launcher {
    right: auto;
    left: var(--_offset);
  }

  .panel {
    position: fixed;
    bottom: calc(var(--_offset) + 68px);
    right: var(--_offset);
    z-index: 2147483000;
    width: 380px;
    height: min(640px, calc(100vh - 120px));
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.2);
    overflow: hidden;
    animation: clawless-in 0.18s ease-out;
  }
  .root[data-position="left"] .panel {
    right: auto;
    left: var(--_offset);
  }
  .root[data-mode="fullscreen"] .panel {
    inset: 0;
    width: auto;
    height: auto;
    border-radius: 0;
    border: 0;
  }
  .root[data-mode="inline"] .panel {
    position: relative;
    inset: auto;
    z-index: auto;
    width: 100%;
    height: 100%;
    min-height: 320px;
    box-shadow: none;
    animation: none;
  }
  @media (max-width: 640px) {
    .root:not([data-mode="inline"]) .panel {
      inset: 0;
      width: auto;
      height: auto;
      border-radius: 0;
      border: 0;
    }
  }
  @keyframes clawless-in {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .panel,
    .launcher,
    .nudge,
    .typing span {
      animation: none;
      transition: none;
    }
  }

  .header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding-block: 12px;
    padding-inline: 16px 12px;
    background: var(--_accent);
    color: var(--_accent-contrast);
  }
  .logo {
    width: 28px;
    height: 28px;
    border-radius: 6px;
    object-fit: cover;
  }
  .title {
    flex: 1;
    margin: 0;
    font-size: 16px;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .icon-button {
    width: 34px;
    height: 34px;
    border: 0;
    border-radius: 8px;
    display: grid;
    place-items: center;
    background: transparent;
  }
  .icon-button:hover {
    background: rgb(255 255 255 / 0.18);
  }

  .offline {
    margin: 0;
    padding: 8px 16px;
    font-size: 13px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
  }
  .body {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .jump {
    position: absolute;
    bottom: 12px;
    left: 50%;
    transform: translateX(-50%);
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.16);
    font-size: 13px;
  }
  .jump svg {
    width: 16px;
    height: 16px;
  }
  .conversations {
    flex: 1;
    overflow-y: auto;
    list-style: none;
    margin: 0;
    padding: 8px;
  }
  .conversation {
    width: 100%;
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 10px 12px;
    border: 0;
    border-radius: 10px;
    background: none;
    text-align: start;
  }
  .conversation:hover,
  .conversation[aria-current="true"] {
    background: var(--_surface);
  }
  .conversation-title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .conversation-date {
    font-size: 13px;
    color: var(--_muted);
  }
  .list-status {
    padding: 16px;
  }
  .messages {
    flex: 1;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .message-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .message {
    display: flex;
    flex-direction: column;
    max-width: 85%;
  }
  .message.user {
    align-self: flex-end;
    align-items: flex-end;
  }
  .message.assistant {
    align-self: flex-start;
  }
  .bubble {
    padding: 9px 13px;
    border-radius: var(--_radius);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .user .bubble {
    background: var(--_accent);
    color: var(--_accent-contrast);
    border-end-end-radius: 4px;
  }
  .assistant .bubble {
    background: var(--_surface);
    border-end-start-radius: 4px;
  }
  .assistant .bubble :is(p, ul, ol, pre, blockquote, h3, h4, h5, h6, hr, .code-block) {
    margin: 0 0 8px;
  }
  .assistant .bubble > :last-child {
    margin-bottom: 0;
  }
  .assistant .bubble :is(h3, h4, h5, h6) {
    font-size: 15px;
    font-weight: 600;
  }
  .assistant .bubble :is(ul, ol) {
    padding-inline-start: 20px;
  }
  .assistant .bubble blockquote {
    padding-inline-start: 10px;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .assistant .bubble table {
    display: block;
    overflow-x: auto;
    border-collapse: collapse;
    margin: 0 0 8px;
    white-space: normal;
  }
  .assistant .bubble :is(th, td) {
    padding: 4px 8px;
    border: 1px solid var(--_border);
    text-align: start;
  }
  .code-block {
    position: relative;
    margin: 0 0 8px;
  }
  .code-block pre {
    margin: 0;
  }
  .copy-code {
    position: absolute;
    top: 4px;
    inset-inline-end: 4px;
    padding: 2px 8px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    font-size: 12px;
  }
  .assistant .bubble hr {
    border: 0;
    border-top: 1px solid var(--_border);
  }
  .assistant .bubble code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 13px;
    padding: 1px 4px;
    border-radius: 4px;
    background: color-mix(in srgb, var(--_fg) 8%, var(--_bg));
  }
  .assistant .bubble pre {
    overflow-x: auto;
    padding: 8px 10px;
    border-radius: 8px;
    white-space: pre;
    background: color-mix(in srgb, var(--_fg) 8%, var(--_bg));
  }
  .assistant .bubble pre code {
    padding: 0;
    background: none;
  }
  .assistant .bubble a {
    color: inherit;
    text-decoration: underline;
  }
  .message:is(.queued, .failed) .bubble {
    outline: 2px dashed var(--_control-border);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    gap: 2px;
    margin-top: 2px;
  }
  .action {
    width: 30px;
    height: 30px;
    border: 0;
    border-radius: 6px;
    display: grid;
    place-items: center;
    background: none;
    color: var(--_muted);
  }
  .action:hover,
  .action[aria-pressed="true"] {
    color: var(--_fg);
    background: var(--_surface);
  }
  .action[aria-pressed="true"] svg {
    fill: currentColor;
    fill-opacity: 0.25;
  }
  .action svg {
    width: 16px;
    height: 16px;
  }
  .note {
    margin-top: 4px;
    font-size: 12px;
    color: var(--_muted);
  }

  .typing {
    display: flex;
    gap: 4px;
    padding: 12px 14px;
    align-self: flex-start;
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  .typing span {
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: var(--_muted);
    animation: clawless-blink 1.2s infinite ease-in-out;
  }
  .typing span:nth-child(2) {
    animation-delay: 0.2s;
  }
  .typing span:nth-child(3) {
    animation-delay: 0.4s;
  }
  @keyframes clawless-blink {
    50% {
      opacity: 0.3;
    }
  }

  .start {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .greeting {
    margin: 0;
    white-space: pre-wrap;
  }
  .suggestions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .suggestion,
  .text-button {
    border: 1px solid var(--_control-border);
    background: var(--_bg);
    border-radius: 999px;
    padding: 6px 12px;
    font-size: 14px;
    text-align: start;
  }
  .suggestion:hover,
  .text-button:hover {
    border-color: var(--_accent);
  }
  .text-button {
    align-self: center;
  }
  .text-button:disabled {
    cursor: default;
  }
  .status {
    color: var(--_muted);
    font-size: 14px;
  }

  .tool-status {
    align-self: flex-start;
    margin: 0;
    padding: 6px 12px;
    border-radius: 999px;
    background: color-mix(in srgb, var(--_fg) 6%, var(--_bg));
    color: color-mix(in srgb, var(--_fg) 70%, var(--_bg));
    font-size: 13px;
  }
  .tool-confirm {
    padding: 10px 12px;
    border-radius: 10px;
    border: 1px solid color-mix(in srgb, var(--_fg) 15%, var(--_bg));
    font-size: 14px;
  }
  .tool-confirm p {
    margin: 0 0 8px;
  }
  .tool-confirm-actions {
    display: flex;
    gap: 8px;
  }
  .error {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 10px 12px;
    border-radius: 10px;
    background: color-mix(in srgb, #d92d20 12%, var(--_bg));
    color: var(--_danger);
    font-size: 14px;
  }
  .error p {
    flex: 1;
    margin: 0;
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  .input {
    flex: 1;
    resize: none;
    field-sizing: content;
    min-height: 40px;
    max-height: 140px;
    padding: 9px 12px;
    border: 1px solid var(--_control-border);
    border-radius: 10px;
    background: var(--_bg);
    font-size: 15px;
    line-height: 1.4;
  }
  .input::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  .input:focus {
    outline: none;
    border-color: var(--_accent);
  }
  .send {
    width: 40px;
    height: 40px;
    flex: none;
    border: 0;
    border-radius: 10px;
    display: grid;
    place-items: center;
    background: var(--_accent);
    color: var(--_accent-contrast);
  }
  .send:disabled {
    opacity: 0.45;
    cursor: default;
  }
`;
