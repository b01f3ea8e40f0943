import { html, type Html } from "./html";
import { consoleShell, formatDate, formatDateTime, possessive } from "./layout";
import {
  colorField,
  errorSummary,
  knowledgeFields,
  selectField,
  textField,
  type Errors,
  type Values,
} from "./trial-form";

/** The sales console's pages: the list of trials, the new-trial form, and one trial. */

/** What every view of a trial shows about it. */
interface TrialSummary {
  id: string;
  company: string;
  brand_color: string;
  website_url: string | null;
  created_at: number;
  expires_at: number;
  state: "active" | "ended";
}

export interface TrialRow extends TrialSummary {
  conversations: number;
  messages: number;
}

function statusPill(state: "active" | "ended", expiresAt: number): Html {
  return state === "active"
    ? html`<span class="pill pill-active">Active · ends ${formatDate(expiresAt)}</span>`
    : html`<span class="pill pill-ended">Ended</span>`;
}

/** Transcript text as the visitor saw it: escaped, with the answers' **bold** kept as bold. */
function transcriptText(content: string): Html[] {
  // split() with a capture group alternates plain text (even indexes) and bold text (odd ones).
  return content.split(/\*\*([^*\n]+)\*\*/g).map((part, i) => (i % 2 ? html`<b>${part}</b>` : html`${part}`));
}

export function renderTrialList(trials: TrialRow[]): Html {
  const rows = trials.map(
    (t) => html`<tr>
  <td><span class="swatch" style="background:${t.brand_color}"></span><a href="/demo/console/trials/${t.id}">${t.company}</a>${
    t.website_url ? html`<div class="muted small">${new URL(t.website_url).host}</div>` : ""
  }</td>
  <td>${formatDate(t.created_at)}</td>
  <td>${statusPill(t.state, t.expires_at)}</td>
  <td class="num">${t.conversations}</td>
  <td class="num">${t.messages}</td>
</tr>`,
  );
  const table = trials.length
    ? html`<table><thead><tr><th>Prospect</th><th>Created</th><th>Status</th><th class="num">Conversations</th><th class="num">Messages</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<div class="empty"><p>No trials yet. Create one while you are on the call: it takes under a minute.</p><a class="btn btn-primary" href="/demo/console/new">New trial</a></div>`;
  return consoleShell({
    title: "Trials",
    signedIn: true,
    body: html`<div class="page-head"><div><h1>Trials</h1><p>Every prospect's own assistant, live for 14 days.</p></div>
<a class="btn btn-primary" href="/demo/console/new">+ New trial</a></div>
<section class="card">${table}</section>`,
  });
}

export function renderNewTrial(options: {
  values: Values;
  errors: Errors;
  models: { value: string; label: string }[];
}): Html {
  const { values, errors } = options;
  const common = { values, errors };
  const form = html`<form class="stack" method="post" action="/demo/console/trials" novalidate>
  ${errorSummary(errors)}
  <div class="grid-2">
    ${textField({ ...common, name: "company", label: "Company name", placeholder: "Acme Outdoor", required: true })}
    ${textField({ ...common, name: "website_url", label: "Website", hint: "Optional. The widget will also work there.", placeholder: "https://acme.com", inputmode: "url" })}
  </div>
  <div class="grid-2">
    ${colorField({ ...common, name: "brand_color", label: "Brand colour" })}
    ${textField({ ...common, name: "logo_url", label: "Logo URL", hint: "Optional. A square image works best.", placeholder: "https://acme.com/logo.png", inputmode: "url" })}
  </div>
  ${knowledgeFields(values, errors)}
  ${selectField({ ...common, name: "model", label: "Model", options: options.models })}
  <div><button class="btn btn-primary" type="submit">Create trial</button> <a class="btn btn-secondary" href="/demo/console">Cancel</a></div>
</form>`;
  return consoleShell({
    title: "New trial",
    signedIn: true,
    body: html`<div class="page-head"><div><h1>New trial</h1><p>A branded assistant on a page that looks like the prospect's own site.</p></div></div>
<div class="form-layout"><section class="card">${form}</section>
<aside class="card aside"><h3>On the call</h3><ol>
<li>Type the company name and pick their brand colour.</li>
<li>Paste a few questions they get asked, or import their FAQ page.</li>
<li>Create, show the preview, and send them the share link.</li></ol>
<p class="muted small">Trials run for 14 days on the Starter plan, then they and their conversations are deleted.</p></aside></div>`,
  });
}

export interface TrialDetail extends TrialSummary {
  shareUrl: string;
  embedSnippet: string | null;
  stats: { conversations: number; messages: number; questions: number };
  transcripts: { started_at: number; messages: { role: string; content: string }[] }[];
  knowledge: { values: Values; errors: Errors; notice?: string };
}

export function renderTrialDetail(t: TrialDetail): Html {
  const active = t.state === "active";
  const preview = active
    ? html`<section class="card preview" aria-label="Preview">
  <input type="radio" name="view" id="view-desktop" class="view-radio" checked>
  <input type="radio" name="view" id="view-mobile" class="view-radio">
  <div class="preview-head"><h2>Preview</h2>
    <div class="toggle" role="group" aria-label="Preview size"><label for="view-desktop">Desktop</label><label for="view-mobile">Mobile</label></div>
  </div>
  <div class="stage"><iframe src="${t.shareUrl}" title="Preview of ${possessive(t.company)} site with the assistant"></iframe></div>
</section>`
    : html`<section class="card"><h2>This trial has ended</h2><p class="muted">Its assistant, conversations and messages have been removed${
        t.expires_at > Date.now() ? "" : " (or will be, at the next daily clean-up)"
      }. The share link now shows a friendly "trial has ended" page.</p></section>`;

  const transcripts = t.transcripts.length
    ? t.transcripts.map((tr) => {
        const first = tr.messages.find((m) => m.role === "user")?.content ?? "(no question)";
        const messages = tr.messages.map(
          (m) =>
            html`<div class="msg msg-${m.role === "user" ? "user" : "assistant"}"><span class="who">${
              m.role === "user" ? "Visitor" : "Assistant"
            }</span>${transcriptText(m.content)}</div>`,
        );
        return html`<details class="transcript"><summary>${first.slice(0, 90)}<span>${formatDateTime(
          tr.started_at,
        )} · ${tr.messages.length} messages</span></summary>${messages}</details>`;
      })
    : html`<p class="muted">No conversations yet. Once the prospect chats on the preview, every question shows up here.</p>`;

  const edit = active
    ? html`<section class="card" id="knowledge"><h2>Knowledge</h2>
${t.knowledge.notice ? html`<div class="notice" role="status">${t.knowledge.notice}</div>` : ""}
<form class="stack" method="post" action="/demo/console/trials/${t.id}/knowledge" novalidate>
  ${errorSummary(t.knowledge.errors)}
  ${knowledgeFields(t.knowledge.values, t.knowledge.errors, { editing: true })}
  <div><button class="btn btn-primary" type="submit">Save and update the assistant</button></div>
</form></section>`
    : "";

  const side = html`<section class="card share"><h2>Share with the prospect</h2>
  <p class="muted small">Anyone with this link sees the preview and can chat, no passcode needed.</p>
  <label class="small" for="share-link"><b>Share link</b></label>
  <input type="text" id="share-link" readonly value="${t.shareUrl}">
  <p><a href="${t.shareUrl}" target="_blank" rel="noopener">Open the preview ↗</a></p>
  ${
    t.embedSnippet
      ? html`<p class="small"><b>Embed on their real site</b>${
          t.website_url ? html` (works on ${new URL(t.website_url).origin})` : ""
        }</p><pre class="code" aria-label="Embed snippet">${t.embedSnippet}</pre>`
      : ""
  }
</section>
<section class="card"><h2>Follow-up</h2>
  <div class="stats">
    <div class="stat"><b data-stat="conversations">${t.stats.conversations}</b><span>Conversations</span></div>
    <div class="stat"><b data-stat="messages">${t.stats.messages}</b><span>Messages</span></div>
    <div class="stat"><b data-stat="questions">${t.stats.questions}</b><span>Questions</span></div>
  </div>
</section>
${
  active
    ? html`<section class="card danger-zone"><div><b>End trial now</b><div class="muted small">Removes the assistant and its data at the next clean-up.</div></div>
<form method="post" action="/demo/console/trials/${t.id}/end"><button class="btn btn-danger" type="submit">End trial now</button></form></section>`
    : ""
}`;

  return consoleShell({
    title: t.company,
    signedIn: true,
    body: html`<p class="small"><a href="/demo/console">← All trials</a></p>
<div class="page-head"><div><h1><span class="swatch" style="background:${t.brand_color}"></span>${t.company}</h1><p>Created ${formatDate(t.created_at)} · ${statusPill(t.state, t.expires_at)}</p></div></div>
<div class="trial-layout"><div>${preview}
<section class="card"><h2>Transcripts</h2>${transcripts}</section>
${edit}</div><div>${side}</div></div>`,
  });
}

export function renderConsoleNotFound(): Html {
  return consoleShell({
    title: "Trial not found",
    signedIn: true,
    body: html`<section class="card empty"><h1>Trial not found</h1><p>It may have been mistyped. <a href="/demo/console">See all trials</a>.</p></section>`,
  });
}
