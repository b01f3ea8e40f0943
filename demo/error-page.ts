import { html, type Html } from "./html";

/**
 * The error page of the Worker's HTML routes (/demo, /docs): what a person who followed a link
 * sees instead of the API's JSON error. It names the status and the request id to quote, and for a
 * server error nothing else (the details are in the log, never on the page).
 */

export const ERROR_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const TITLES: Record<number, string> = {
  400: "That request didn't work",
  401: "Please sign in",
  403: "You can't open this page",
  404: "We couldn't find this page",
  413: "That was too large",
  429: "Too many requests",
};

export function renderErrorPage(input: { status: number; message: string; requestId: string }): Html {
  const server = input.status >= 500;
  const title = server ? "Something went wrong on our side" : (TITLES[input.status] ?? "That request didn't work");
  const text = server
    ? "Please try again in a moment. If it keeps happening, tell us the request id below."
    : input.message;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Clawless</title>
<style>
:root { font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f8fafc; padding: 24px; box-sizing: border-box; }
.card { max-width: 520px; background: #fff; border: 1px solid #e2e8f0; border-radius: 20px; padding: 40px; text-align: center; }
.status { font-size: .85rem; font-weight: 700; color: #4f46e5; letter-spacing: .08em; margin: 0 0 8px; }
h1 { font-size: 1.6rem; letter-spacing: -0.02em; margin: 0 0 10px; }
p { color: #475569; line-height: 1.6; margin: 0 0 10px; }
.small { font-size: .85rem; color: #94a3b8; margin-top: 22px; }
a { color: #4f46e5; }
</style>
</head>
<body><main class="card">
<p class="status">${input.status}</p>
<h1>${title}</h1>
<p>${text}</p>
<p><a href="/demo">Go to the Clawless home page</a></p>
<p class="small">Request id: <code>${input.requestId}</code></p>
</main></body>
</html>`;
}
