import { svg, type SVGTemplateResult } from "lit";

/** Inline icons (decorative: the buttons carry the labels). */
const icon = (path: SVGTemplateResult): SVGTemplateResult =>
  svg`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${path}</svg>`;

export const chatIcon = icon(svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
export const newIcon = icon(svg`<path d="M12 5v14M5 12h14"/>`);
export const sendIcon = icon(svg`<path d="M5 12h13M13 6l6 6-6 6"/>`);
export const stopIcon = icon(svg`<rect x="7" y="7" width="10" height="10" rx="1" fill="currentColor"/>`);
export const listIcon = icon(svg`<path d="M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01"/>`);
export const backIcon = icon(svg`<path d="M15 6l-6 6 6 6"/>`);
export const copyIcon = icon(svg`<rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a2 2 0 0 1 2-2h8"/>`);
export const checkIcon = icon(svg`<path d="M5 12l5 5 9-10"/>`);
export const upIcon = icon(
  svg`<path d="M7 11v9H4v-9zM7 11l4-8a3 3 0 0 1 3 3v4h5a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 17.8 20H7"/>`,
);
export const downIcon = icon(
  svg`<path d="M17 13V4h3v9zM17 13l-4 8a3 3 0 0 1-3-3v-4H5a2 2 0 0 1-2-2.3l1.2-6A2 2 0 0 1 6.2 4H17"/>`,
);
export const arrowDownIcon = icon(svg`<path d="M12 5v14M6 13l6 6 6-6"/>`);
