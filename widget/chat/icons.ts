import { svg } from "lit";

/** Inline icons (decorative: the buttons carry the labels). */
const icon = (path: ReturnType<typeof svg>) =>
  svg`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${path}</svg>`;

export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
export const newIcon = icon(svg`<path d="M12 5v14M5 12h14"/>`);
export const sendIcon = icon(svg`<path d="M5 12h13M13 6l6 6-6 6"/>`);
export const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1" fill="currentColor"/>`);
