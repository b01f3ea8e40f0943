/**
 * The interactive API reference at /docs: a small self-contained page (no CDN, no framework, no
 * inline script or style, so it runs under a strict CSP and offline) that renders /openapi.json
 * and lets a developer try each request with their secret key. The key stays in the tab's
 * sessionStorage and is sent only to this origin.
 */

export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clawless API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/docs.css">
<script type="module" src="/docs/docs.js"></script>
</head>
<body>
<header class="top">
  <h1>Clawless API</h1>
  <label class="key">Secret key <input id="api-key" type="password" autocomplete="off" placeholder="sk_test_…" spellcheck="false"></label>
  <a href="/openapi.json">openapi.json</a>
</header>
<div class="layout">
  <nav id="nav" aria-label="Operations"></nav>
  <main id="content" aria-live="polite"><p class="loading">Loading the API description…</p></main>
</div>
</body>
</html>
`;

export const DOCS_CSS = `
:root { color-scheme: light dark; --accent: #4f46e5; --muted: #6b7280; --border: #d1d5db; --code: #f3f4f6; }
@media (prefers-color-scheme: dark) { :root { --border: #374151; --code: #1f2937; --muted: #9ca3af; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; }
.top { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.25rem; border-bottom: 1px solid var(--border); position: sticky; top: 0; background: Canvas; z-index: 1; }
.top h1 { font-size: 1.15rem; margin: 0 auto 0 0; }
.key input { width: 22rem; max-width: 50vw; margin-left: .5rem; font: inherit; padding: .25rem .5rem; }
.layout { display: grid; grid-template-columns: 16rem 1fr; }
nav { border-right: 1px solid var(--border); padding: 1rem; position: sticky; top: 3.5rem; height: calc(100vh - 3.5rem); overflow: auto; }
nav h2 { font-size: .8rem; text-transform: uppercase; color: var(--muted); margin: 1rem 0 .25rem; }
nav a { display: block; padding: .15rem 0; text-decoration: none; color: inherit; font-size: .9rem; }
main { padding: 1rem 2rem 4rem; max-width: 70rem; }
.intro p, .intro li { max-width: 52rem; }
section.op { scroll-margin-top: 4rem; border: 1px solid var(--border); border-radius: .5rem; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.op h3 { margin: 0; display: flex; gap: .75rem; align-items: baseline; flex-wrap: wrap; }
.method { font: 600 .8rem ui-monospace, monospace; padding: .1rem .45rem; border-radius: .25rem; color: #fff; background: var(--accent); text-transform: uppercase; }
.method.get { background: #059669; } .method.delete { background: #dc2626; } .method.post { background: #2563eb; }
.path { font-family: ui-monospace, monospace; }
.summary { color: var(--muted); font-weight: 400; }
h4 { margin: 1rem 0 .25rem; font-size: .95rem; }
code, pre, textarea { font-family: ui-monospace, monospace; font-size: .85rem; }
pre { background: var(--code); padding: .75rem; border-radius: .375rem; overflow: auto; max-height: 28rem; white-space: pre-wrap; word-break: break-word; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
td, th { border-bottom: 1px solid var(--border); padding: .3rem .5rem; text-align: left; vertical-align: top; }
.schema { font-size: .88rem; }
.schema ul { list-style: none; padding-left: 1.1rem; margin: .1rem 0; border-left: 1px dotted var(--border); }
.schema .name { font-family: ui-monospace, monospace; font-weight: 600; }
.schema .type { color: var(--accent); font-family: ui-monospace, monospace; margin-left: .35rem; }
.schema .req { color: #dc2626; font-size: .75rem; margin-left: .35rem; }
.schema .desc { color: var(--muted); margin-left: .35rem; }
details.try { margin-top: 1rem; }
details.try summary { cursor: pointer; font-weight: 600; }
.field { display: grid; grid-template-columns: 12rem 1fr; gap: .5rem; margin: .35rem 0; align-items: center; }
.field input { font: inherit; padding: .2rem .4rem; }
textarea { width: 100%; min-height: 10rem; padding: .5rem; }
button { font: inherit; padding: .35rem 1rem; border-radius: .375rem; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
.status { font-weight: 600; margin-top: .75rem; }
.error { color: #dc2626; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } nav { display: none; } }
`;
