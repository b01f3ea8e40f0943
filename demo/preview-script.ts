/**
 * The preview page's only script, served as a static file (/demo/assets/preview.js) so the page
 * keeps `script-src 'self'` with no inline script: buttons marked `data-open-assistant` open the
 * widget through its documented global (see docs/widget.md).
 */
export const PREVIEW_SCRIPT = `document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("[data-open-assistant]") : null;
  if (!button) return;
  event.preventDefault();
  if (window.Clawless && typeof window.Clawless.open === "function") window.Clawless.open();
});
`;
