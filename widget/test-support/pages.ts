import type { Page } from "@playwright/test";
import { API_ORIGIN, HOST_ORIGIN, PUBLISHABLE_KEY } from "./fake-api";

export const WIDGET_ORIGIN = "http://widget.test";
const DIST = new URL("../../dist/widget/", import.meta.url);

/** Serves the built widget (`npm run build:widget`) the way the Worker does, CORS included. */
export async function serveWidget(page: Page): Promise<void> {
  await page.route(`${WIDGET_ORIGIN}/widget/v1/*`, (route) => {
    const file = new URL(route.request().url()).pathname.split("/").pop()!;
    return route.fulfill({
      path: decodeURIComponent(new URL(file, DIST).pathname),
      headers: { "Content-Type": "text/javascript; charset=utf-8", "Access-Control-Allow-Origin": "*" },
    });
  });
}

/** The embed snippet under test; `attributes` adds data-* options. */
export function scriptTag(attributes = ""): string {
  return `<script src="${WIDGET_ORIGIN}/widget/v1/clawless.js" data-key="${PUBLISHABLE_KEY}" data-api="${API_ORIGIN}" ${attributes} async></script>`;
}

/** Serves `body` as the host page at http://host.test/ (optionally under a CSP header) and opens it. */
export async function openHostPage(
  page: Page,
  body: string,
  options: { csp?: string; head?: string } = {},
): Promise<void> {
  await page.route(`${HOST_ORIGIN}/**`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      headers: options.csp ? { "Content-Security-Policy": options.csp } : {},
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>${options.head ?? ""}</head><body><h1>Host page</h1>${body}</body></html>`,
    }),
  );
  await page.goto(`${HOST_ORIGIN}/`);
}
