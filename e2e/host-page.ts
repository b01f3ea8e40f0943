import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { E2E_API } from "../playwright.config";

/**
 * A customer's site for the end-to-end tests: a static page on its own port (so another origin
 * than the Worker) that contains nothing but the embed snippet.
 */

export async function demoKeys(): Promise<{ publishable: string; secret: string }> {
  return JSON.parse(await readFile(".wrangler/e2e/demo-keys.json", "utf8"));
}

export function embedSnippet(publishableKey: string): string {
  return `<script src="${E2E_API}/widget/v1/clawless.js" data-key="${publishableKey}" async></script>`;
}

/** Serves `html` at `/`, with `headers` (e.g. a Content-Security-Policy) added to the response. */
export async function startHostPage(
  html: string,
  headers: Record<string, string> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url !== "/") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...headers }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function hostPageHtml(publishableKey: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Store</title></head>
<body><h1>Acme Store</h1>${embedSnippet(publishableKey)}</body></html>`;
}
