import { html, sourceOf, type Html } from "./html";

/**
 * The demo page the Worker serves at /demo: a plain product page with the widget embedded
 * exactly as a customer would embed it (one script tag, no inline script), under a strict CSP.
 * It is also the door to the sales console: the passcode sign-in, or a link once signed in.
 */

export interface SignInState {
  signedIn: boolean;
  /** False when the SALES_TOKEN secret is not set: sign-in is then impossible. */
  configured: boolean;
  error?: string;
  notice?: string;
}

function salesCard(state: SignInState): Html {
  if (state.signedIn) {
    return html`<section class="card sales"><h2>Sales console</h2><p class="hint">You are signed in.</p>
<div class="row"><a class="button" href="/demo/console">Open the sales console</a>
<form method="post" action="/demo/sign-out"><button class="button secondary" type="submit">Sign out</button></form></div></section>`;
  }
  if (!state.configured) {
    return html`<section class="card sales"><h2>Sales console</h2><p class="hint warn">Sales sign-in is off: set the <code>SALES_TOKEN</code> secret (16+ characters) to turn it on.</p></section>`;
  }
  const error = state.error ? html`<p class="field-error" id="passcode-error">${state.error}</p>` : "";
  return html`<section class="card sales"><h2>Sales console</h2>
<p class="hint">Create a branded trial assistant for a prospect in under a minute.</p>
${state.notice ? html`<p class="hint">${state.notice}</p>` : ""}
<form method="post" action="/demo/sign-in" class="row">
  <label class="sr-only" for="passcode">Sales passcode</label>
  <input type="password" id="passcode" name="passcode" autocomplete="current-password" placeholder="Sales passcode" required${
    state.error ? html` aria-invalid="true" aria-describedby="passcode-error"` : ""
  }>
  <button class="button" type="submit">Sign in</button>
</form>${error}</section>`;
}

export const DEMO_PAGE_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

export function renderDemoPage(options: { origin: string; publishableKey: string | null; sales: SignInState }): Html {
  const { origin, publishableKey } = options;
  const snippet = publishableKey
    ? html`<script src="${origin}/widget/v1/clawless.js" data-key="${publishableKey}" async></script>`
    : undefined;
  const body = snippet
    ? html`<p class="hint">The assistant in the corner is the real widget, loaded by the one script tag below and answering from the demo tenant's knowledge.</p>
       <pre><code>${sourceOf(snippet)}</code></pre>`
    : html`<p class="hint warn">The demo tenant is not seeded yet. Start the project with <code>npm run dev</code>, which seeds it.</p>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clawless demo</title>
<style>
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f8fafc; color: #0f172a; }
  header { background: linear-gradient(135deg, #312e81, #4f46e5); color: #fff; padding: 72px 24px 96px; }
  header .wrap, main { max-width: 880px; margin: 0 auto; }
  h1 { font-size: clamp(2rem, 5vw, 3rem); margin: 0 0 12px; letter-spacing: -0.02em; }
  header p { font-size: 1.2rem; opacity: .9; max-width: 40em; margin: 0; }
  main { padding: 0 24px 96px; margin-top: -48px; }
  .card { background: #fff; border-radius: 16px; box-shadow: 0 10px 30px rgba(15,23,42,.08); padding: 28px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 16px; margin-top: 24px; }
  .grid div { background: #fff; border-radius: 12px; padding: 20px; border: 1px solid #e2e8f0; }
  .grid h2 { font-size: 1rem; margin: 0 0 6px; }
  .grid p { margin: 0; color: #475569; line-height: 1.5; }
  pre { background: #0f172a; color: #e2e8f0; padding: 16px; border-radius: 10px; overflow-x: auto; font-size: .85rem; }
  .hint { color: #334155; line-height: 1.6; margin-top: 0; }
  .warn { color: #b45309; }
  .sales { margin-top: 16px; }
  .sales h2 { margin: 0 0 6px; font-size: 1.1rem; }
  .row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
  .sales input { flex: 1; min-width: 200px; font: inherit; padding: 10px 12px; border: 1px solid #cbd5e1; border-radius: 10px; }
  .sales input[aria-invalid=true] { border-color: #b91c1c; }
  .button { display: inline-block; background: #4f46e5; color: #fff; border: 0; border-radius: 10px; padding: 10px 18px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
  .button.secondary { background: #fff; color: #0f172a; border: 1px solid #cbd5e1; }
  .field-error { color: #b91c1c; margin: 8px 0 0; font-weight: 500; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
</head>
<body>
<header><div class="wrap">
  <h1>Clawless</h1>
  <p>An AI assistant for your website: one script tag, streamed answers, your knowledge, your budget.</p>
</div></header>
<main>
  <section class="card">${body}</section>
  <section class="grid" aria-label="Highlights">
    <div><h2>One tag</h2><p>Paste a script tag, or install the npm package and use the custom element.</p></div>
    <div><h2>Streams</h2><p>Answers stream as they are written, and survive reloads and dropped connections.</p></div>
    <div><h2>Works offline</h2><p>With no model configured, it answers from your knowledge base.</p></div>
  </section>
  ${salesCard(options.sales)}
</main>
${snippet}
</body>
</html>`;
}
