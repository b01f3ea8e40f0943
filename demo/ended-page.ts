import { html, type Html } from "./html";
import { formatDate, possessive } from "./layout";

/**
 * What a share link shows when there is no live preview behind it: a friendly page, never an
 * error page. An ended trial keeps its name and colour; an unknown link says so plainly.
 */

function shell(title: string, color: string, body: Html): Html {
  const accent = /^#[0-9a-f]{6}$/i.test(color) ? color : "#4f46e5";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
:root { font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0f172a; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: radial-gradient(900px 420px at 50% -10%, ${accent}22, transparent 70%), #f8fafc; padding: 24px; box-sizing: border-box; }
.card { max-width: 520px; background: #fff; border: 1px solid #e2e8f0; border-radius: 20px; padding: 40px; text-align: center; box-shadow: 0 24px 48px -28px rgba(15,23,42,.3); }
.mark { width: 56px; height: 56px; border-radius: 16px; display: grid; place-items: center; margin: 0 auto 18px; background: ${accent}; color: #fff; font-size: 26px; font-weight: 800; }
h1 { font-size: 1.6rem; letter-spacing: -0.02em; margin: 0 0 10px; }
p { color: #475569; line-height: 1.6; margin: 0 0 10px; }
.small { font-size: .85rem; color: #94a3b8; margin-top: 22px; }
</style>
</head>
<body><main class="card">${body}</main></body>
</html>`;
}

export function renderTrialEnded(trial: {
  company: string;
  brand_color: string;
  ended_at: number | null;
  expires_at: number;
}): Html {
  const when = formatDate(trial.ended_at ?? trial.expires_at);
  return shell(
    `${trial.company} — trial ended`,
    trial.brand_color,
    html`<div class="mark" aria-hidden="true">${trial.company.trim().charAt(0).toUpperCase()}</div>
<h1>This trial has ended</h1>
<p>The preview of ${possessive(trial.company)} AI assistant ended on ${when}. Its conversations are deleted with it.</p>
<p>Liked it? Reply to the person who sent you this link and we'll set it up on your site for good.</p>
<p class="small">Assistant previews by Clawless</p>`,
  );
}

export function renderTrialNotFound(): Html {
  return shell(
    "Preview not found",
    "#4f46e5",
    html`<div class="mark" aria-hidden="true">?</div>
<h1>We couldn't find this preview</h1>
<p>The link may be incomplete — check that it was copied in full, or ask the person who sent it for a new one.</p>
<p class="small">Assistant previews by Clawless</p>`,
  );
}
