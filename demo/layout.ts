import { html, trusted, type Html } from "./html";

/**
 * Shared pieces of the pages the Worker renders: the Content Security Policies (no inline script
 * anywhere: `script-src 'self'`), and the sales console's shell. Markup is written with `html`
 * (./html.ts), which escapes what it interpolates.
 */

const BASE_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'";

/** The console: may frame the preview (same origin), may not be framed. */
export const CONSOLE_CSP = `${BASE_CSP}; img-src 'self' https: http: data:; frame-src 'self'; frame-ancestors 'none'`;

/** The trial preview: shown in the console's iframe, so framable by the same origin only. */
export const PREVIEW_CSP = `${BASE_CSP}; img-src 'self' https: http: data:; frame-ancestors 'self'`;

/** "Acme's", "Northwind Outfitters'": for names in running text. */
export function possessive(name: string): string {
  return /s$/i.test(name.trim()) ? `${name.trim()}'` : `${name.trim()}'s`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
}

export function consoleShell(options: { title: string; body: Html; signedIn?: boolean }): Html {
  const signOut = options.signedIn
    ? html`<form method="post" action="/demo/sign-out"><button class="btn btn-ghost-dark" type="submit">Sign out</button></form>`
    : "";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Clawless sales</title>
<style>${CONSOLE_CSS}</style>
</head>
<body>
<header class="topbar"><div class="topbar-inner">
  <a class="brand" href="/demo/console"><span class="brand-mark" aria-hidden="true">C</span> Clawless <span class="brand-sub">Sales console</span></a>
  ${signOut}
</div></header>
<main class="wrap">${options.body}</main>
</body>
</html>`;
}

const CONSOLE_CSS = trusted(`
:root { color-scheme: light; --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f5f7fb; --accent: #4f46e5; --danger: #b91c1c;
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 15px; line-height: 1.5; }
a { color: var(--accent); }
.topbar { background: #0f172a; color: #fff; }
.topbar-inner { max-width: 1240px; margin: 0 auto; padding: 12px 24px; display: flex; align-items: center; justify-content: space-between; }
.brand { color: #fff; text-decoration: none; font-weight: 700; display: flex; align-items: center; gap: 10px; letter-spacing: -0.01em; }
.brand-mark { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 8px; background: linear-gradient(135deg, #818cf8, #4f46e5); font-size: 15px; }
.brand-sub { font-weight: 500; color: #94a3b8; border-left: 1px solid #334155; padding-left: 10px; }
.wrap { max-width: 1240px; margin: 0 auto; padding: 28px 24px 80px; }
h1 { font-size: 1.6rem; margin: 0; letter-spacing: -0.02em; }
h2 { font-size: 1.05rem; margin: 0 0 12px; }
.page-head { display: flex; align-items: center; justify-content: space-between; gap: 16px; margin-bottom: 20px; flex-wrap: wrap; }
.page-head p { margin: 4px 0 0; color: var(--muted); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 14px; padding: 22px; box-shadow: 0 1px 2px rgba(15,23,42,.04); }
.card + .card { margin-top: 16px; }
.btn { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; border: 1px solid transparent; border-radius: 9px; padding: 9px 16px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
.btn-primary { background: var(--accent); color: #fff; }
.btn-primary:hover { background: #4338ca; }
.btn-secondary { background: #fff; color: var(--ink); border-color: var(--line); }
.btn-danger { background: #fff; color: var(--danger); border-color: #fecaca; }
.btn-ghost-dark { background: transparent; color: #e2e8f0; border-color: #334155; padding: 6px 12px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 12px 10px; border-bottom: 1px solid var(--line); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pill { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: .8rem; font-weight: 600; }
.pill-active { background: #dcfce7; color: #166534; }
.pill-ended { background: #f1f5f9; color: #475569; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 4px; vertical-align: -1px; margin-right: 8px; }
h1 .swatch { width: 14px; height: 14px; vertical-align: 3px; }
.empty { text-align: center; color: var(--muted); padding: 40px 0; }
form.stack { display: grid; gap: 18px; }
.field label, .field .label { display: block; font-weight: 600; margin-bottom: 6px; }
.field .hint { color: var(--muted); font-size: .85rem; margin: -2px 0 6px; }
input[type=text], input[type=password], input[type=url], textarea, select { width: 100%; font: inherit; padding: 9px 12px; border: 1px solid #cbd5e1; border-radius: 9px; background: #fff; color: var(--ink); }
textarea { min-height: 96px; resize: vertical; }
textarea.tall { min-height: 220px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
input:focus, textarea:focus, select:focus { outline: 3px solid #c7d2fe; border-color: var(--accent); }
input[type=color] { width: 56px; height: 40px; padding: 3px; border: 1px solid #cbd5e1; border-radius: 9px; background: #fff; }
[aria-invalid=true] { border-color: var(--danger) !important; }
.field-error { color: var(--danger); font-size: .88rem; margin: 6px 0 0; font-weight: 500; }
.alert { border-radius: 10px; padding: 12px 14px; background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; margin-bottom: 16px; }
.notice { border-radius: 10px; padding: 12px 14px; background: #eef2ff; color: #3730a3; border: 1px solid #c7d2fe; margin-bottom: 16px; }
.grid-2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.row { display: flex; gap: 12px; align-items: center; }
.form-layout { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 20px; align-items: start; }
.aside h3 { font-size: .95rem; margin: 0 0 8px; }
.aside ol { margin: 0; padding-left: 18px; color: #334155; }
.aside li { margin-bottom: 8px; }
.trial-layout { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 20px; align-items: start; }
.toggle { display: inline-flex; background: #f1f5f9; border-radius: 10px; padding: 3px; }
.toggle input { position: absolute; opacity: 0; pointer-events: none; }
.toggle label { padding: 6px 14px; border-radius: 8px; cursor: pointer; font-weight: 600; font-size: .88rem; color: var(--muted); }
#view-desktop:checked ~ .preview-head .toggle label[for=view-desktop],
#view-mobile:checked ~ .preview-head .toggle label[for=view-mobile] { background: #fff; color: var(--ink); box-shadow: 0 1px 3px rgba(15,23,42,.12); }
#view-desktop:focus-visible ~ .preview-head .toggle label[for=view-desktop],
#view-mobile:focus-visible ~ .preview-head .toggle label[for=view-mobile] { outline: 3px solid #c7d2fe; }
.view-radio { position: absolute; opacity: 0; pointer-events: none; }
.preview-head { display: flex; justify-content: space-between; align-items: center; margin-bottom: 14px; }
.stage { background: repeating-linear-gradient(45deg, #f8fafc, #f8fafc 10px, #f1f5f9 10px, #f1f5f9 20px); border-radius: 12px; padding: 16px; display: flex; justify-content: center; }
.stage iframe { display: block; border: 0; background: #fff; border-radius: 10px; box-shadow: 0 10px 30px rgba(15,23,42,.15); width: 100%; height: 720px; transition: width .2s ease; }
#view-mobile:checked ~ .stage iframe { width: 390px; height: 760px; border-radius: 28px; border: 10px solid #0f172a; }
.stats { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.stat { background: #f8fafc; border-radius: 10px; padding: 12px; }
.stat b { display: block; font-size: 1.5rem; letter-spacing: -0.02em; }
.stat span { color: var(--muted); font-size: .82rem; }
pre.code { background: #0f172a; color: #e2e8f0; padding: 14px; border-radius: 10px; white-space: pre-wrap; word-break: break-all; font-size: .8rem; margin: 0; }
.share input { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .82rem; }
.muted { color: var(--muted); }
.small { font-size: .85rem; }
details.transcript { border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; margin-bottom: 10px; background: #fff; }
details.transcript summary { cursor: pointer; font-weight: 600; }
details.transcript summary span { color: var(--muted); font-weight: 400; margin-left: 8px; font-size: .85rem; }
.msg { margin: 10px 0; padding: 10px 12px; border-radius: 10px; white-space: pre-wrap; }
.msg-user { background: #eef2ff; margin-left: 15%; }
.msg-assistant { background: #f8fafc; margin-right: 15%; }
.msg .who { display: block; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-bottom: 2px; }
.danger-zone { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
@media (max-width: 980px) { .trial-layout, .form-layout, .grid-2 { grid-template-columns: 1fr; } }
`);
