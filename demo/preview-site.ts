import { html, type Html } from "./html";
import { formatDate, possessive } from "./layout";

/**
 * The trial preview: a believable landing page in the prospect's name and brand colour (hero,
 * features, FAQ from their own knowledge, pricing, footer) with the live widget embedded by the
 * real script tag. No inline script: the page's one behaviour (buttons that open the assistant)
 * comes from /demo/assets/preview.js.
 */

export interface PreviewOptions {
  origin: string;
  publishableKey: string;
  company: string;
  brandColor: string;
  logoUrl: string | null;
  websiteUrl: string | null;
  expiresAt: number;
  faq: { title: string; content: string }[];
}

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
}

function mix(color: string, other: string, amount: number): string {
  const a = rgb(color);
  const b = rgb(other);
  return hex([0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * amount) as Rgb);
}

/** Black or white text on the colour, by WCAG relative luminance. */
function contrastOn(color: string): string {
  const [r, g, b] = rgb(color).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 ? "#0f172a" : "#ffffff";
}

function excerpt(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(" ") > max * 0.6 ? cut.lastIndexOf(" ") : max)}…`;
}

const ICONS = [
  html`<path d="M12 2l3 7h7l-5.5 4.5L18 21l-6-4-6 4 1.5-7.5L2 9h7z"/>`,
  html`<path d="M4 5h16v11H8l-4 4z"/>`,
  html`<path d="M12 2l8 4v6c0 5-3.5 9-8 10-4.5-1-8-5-8-10V6z"/>`,
];

export function renderPreviewSite(o: PreviewOptions): Html {
  const accent = o.brandColor;
  const onAccent = contrastOn(accent);
  const dark = mix(accent, "#0b1020", 0.55);
  const tint = mix(accent, "#ffffff", 0.9);
  const name = o.company;
  const host = o.websiteUrl ? new URL(o.websiteUrl).host.replace(/^www\./, "") : null;
  const monogram = o.company.trim().charAt(0).toUpperCase() || "•";
  const logo = o.logoUrl
    ? html`<img class="logo-img" src="${o.logoUrl}" alt="" width="32" height="32">`
    : html`<span class="logo-mark" aria-hidden="true">${monogram}</span>`;
  const features = [
    ["Built around you", `Everything at ${o.company} starts with what you need — and help is always one message away.`],
    ["Answers in seconds", `Ask our assistant anything, day or night. It knows ${o.company} inside out.`],
    ["Trusted and secure", "Your data stays yours. We keep it safe and never sell it — simple as that."],
  ];
  const faq = o.faq.slice(0, 4);
  const snippet = html`<script src="${o.origin}/widget/v1/clawless.js" data-key="${o.publishableKey}" async></script>`;

  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}${host ? ` — ${host}` : ""}</title>
<style>
:root { --accent: ${accent}; --on-accent: ${onAccent}; --dark: ${dark}; --tint: ${tint};
  --ink: #0f172a; --muted: #5b6474; --line: #e6e8ee;
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; color: var(--ink); }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; line-height: 1.55; }
a { color: inherit; }
.container { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
.trial-bar { background: #0f172a; color: #cbd5e1; font-size: 13px; text-align: center; padding: 7px 16px; }
.trial-bar b { color: #fff; font-weight: 600; }
.nav { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.92); backdrop-filter: blur(8px); border-bottom: 1px solid var(--line); }
.nav .container { display: flex; align-items: center; justify-content: space-between; height: 66px; }
.logo { display: flex; align-items: center; gap: 10px; font-weight: 750; font-size: 19px; letter-spacing: -0.02em; text-decoration: none; min-width: 0; }
.logo span:last-child { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
/* The widget takes the brand colour from the tenant's theme once loaded; set it on the element too
   (the documented custom property) so the launcher is on-brand from its first paint. */
clawless-chat { --clawless-accent: var(--accent); }
.logo-mark { display: grid; place-items: center; width: 34px; height: 34px; border-radius: 10px; background: var(--accent); color: var(--on-accent); font-weight: 800; }
.logo-img { width: 34px; height: 34px; border-radius: 8px; object-fit: contain; }
.links { display: flex; gap: 28px; font-size: 15px; color: var(--muted); }
.links a { text-decoration: none; }
.links a:hover { color: var(--ink); }
.btn { display: inline-flex; align-items: center; gap: 8px; border-radius: 10px; padding: 11px 20px; font: inherit; font-weight: 650; border: 1px solid transparent; cursor: pointer; text-decoration: none; font-size: 15px; }
.btn-accent { background: var(--accent); color: var(--on-accent); box-shadow: 0 6px 16px -6px var(--accent); }
.btn-ghost { background: #fff; color: var(--ink); border-color: var(--line); }
.hero { background: radial-gradient(1200px 500px at 85% -10%, var(--tint), transparent 60%), linear-gradient(180deg, #fff, #fafbfd); padding: 84px 0 72px; }
.hero .container { display: grid; grid-template-columns: 1.05fr .95fr; gap: 56px; align-items: center; }
.eyebrow { display: inline-flex; align-items: center; gap: 8px; background: var(--tint); color: var(--dark); font-weight: 650; font-size: 13px; padding: 6px 12px; border-radius: 999px; }
.eyebrow i { width: 7px; height: 7px; border-radius: 50%; background: var(--accent); display: inline-block; }
h1 { font-size: clamp(2.2rem, 4.6vw, 3.6rem); line-height: 1.06; letter-spacing: -0.035em; margin: 18px 0 18px; }
h1 em { font-style: normal; color: var(--accent); }
.lead { font-size: 1.15rem; color: var(--muted); max-width: 34em; margin: 0 0 28px; }
.cta { display: flex; gap: 12px; flex-wrap: wrap; }
.proof { margin-top: 28px; display: flex; align-items: center; gap: 12px; color: var(--muted); font-size: 14px; }
.avatars { display: flex; }
.avatars span { width: 30px; height: 30px; border-radius: 50%; border: 2px solid #fff; margin-left: -8px; background: var(--accent); opacity: .9; }
.avatars span:nth-child(1) { margin-left: 0; background: var(--dark); }
.avatars span:nth-child(3) { background: var(--tint); }
.stars { color: #f59e0b; letter-spacing: 2px; }
.visual { position: relative; }
.window { background: #fff; border: 1px solid var(--line); border-radius: 18px; box-shadow: 0 30px 60px -25px rgba(15,23,42,.35); overflow: hidden; }
.window-bar { display: flex; gap: 6px; padding: 12px 14px; border-bottom: 1px solid var(--line); background: #fafbfc; }
.window-bar span { width: 10px; height: 10px; border-radius: 50%; background: #e2e5ea; }
.window-body { padding: 22px; display: grid; gap: 14px; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.kpi { border: 1px solid var(--line); border-radius: 12px; padding: 12px; }
.kpi small { color: var(--muted); font-size: 12px; }
.kpi b { display: block; font-size: 20px; letter-spacing: -0.02em; }
.kpi b.up { color: var(--accent); }
.chart { height: 140px; border-radius: 12px; background: linear-gradient(180deg, var(--tint), #fff); display: flex; align-items: flex-end; gap: 8px; padding: 14px; }
.chart i { flex: 1; background: var(--accent); border-radius: 6px 6px 2px 2px; opacity: .85; }
.rows { display: grid; gap: 8px; }
.rows div { height: 10px; border-radius: 6px; background: #eef0f4; }
.rows div:nth-child(2) { width: 80%; } .rows div:nth-child(3) { width: 60%; }
.bubble { position: absolute; left: -28px; bottom: -22px; background: #fff; border: 1px solid var(--line); border-radius: 14px; padding: 12px 14px; box-shadow: 0 18px 36px -18px rgba(15,23,42,.35); font-size: 14px; max-width: 250px; }
.bubble b { display: block; font-size: 12px; color: var(--accent); margin-bottom: 2px; }
section.block { padding: 84px 0; }
.section-head { text-align: center; max-width: 640px; margin: 0 auto 44px; }
.section-head h2 { font-size: clamp(1.7rem, 3vw, 2.3rem); letter-spacing: -0.03em; margin: 8px 0 10px; line-height: 1.15; }
.section-head p { color: var(--muted); margin: 0; font-size: 1.05rem; }
.kicker { color: var(--accent); font-weight: 700; font-size: 13px; text-transform: uppercase; letter-spacing: .08em; }
.features { display: grid; grid-template-columns: repeat(3, 1fr); gap: 20px; }
.feature { border: 1px solid var(--line); border-radius: 16px; padding: 26px; background: #fff; }
.feature svg { width: 40px; height: 40px; padding: 9px; border-radius: 11px; background: var(--tint); fill: var(--accent); }
.feature h3 { margin: 16px 0 6px; font-size: 1.1rem; letter-spacing: -0.01em; }
.feature p { margin: 0; color: var(--muted); }
.faq-wrap { background: #fafbfd; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); }
.faq { max-width: 760px; margin: 0 auto; display: grid; gap: 12px; }
.faq details { background: #fff; border: 1px solid var(--line); border-radius: 14px; padding: 18px 22px; }
.faq summary { cursor: pointer; font-weight: 650; list-style: none; display: flex; justify-content: space-between; gap: 16px; }
.faq summary::after { content: "+"; color: var(--accent); font-weight: 700; font-size: 20px; line-height: 1; }
.faq details[open] summary::after { content: "–"; }
.faq details p { color: var(--muted); margin: 10px 0 0; }
.ask { text-align: center; margin-top: 26px; color: var(--muted); }
.ask button { margin-left: 8px; }
.plans { display: grid; grid-template-columns: repeat(3, 1fr); gap: 20px; align-items: stretch; }
.plan { border: 1px solid var(--line); border-radius: 18px; padding: 28px; display: flex; flex-direction: column; background: #fff; }
.plan.featured { border: 2px solid var(--accent); box-shadow: 0 24px 48px -28px var(--accent); position: relative; }
.plan.featured::before { content: "Most popular"; position: absolute; top: -13px; left: 28px; background: var(--accent); color: var(--on-accent); font-size: 12px; font-weight: 700; padding: 4px 10px; border-radius: 999px; }
.plan h3 { margin: 0; font-size: 1.05rem; }
.plan .price { font-size: 2.4rem; font-weight: 800; letter-spacing: -0.03em; margin: 12px 0 4px; }
.plan .price small { font-size: 1rem; color: var(--muted); font-weight: 500; }
.plan ul { list-style: none; padding: 0; margin: 18px 0 24px; display: grid; gap: 10px; color: #334155; }
.plan li::before { content: "✓"; color: var(--accent); font-weight: 800; margin-right: 10px; }
.plan .btn { margin-top: auto; justify-content: center; }
.band { background: linear-gradient(120deg, var(--dark), var(--accent)); color: #fff; border-radius: 22px; padding: 48px; display: flex; justify-content: space-between; align-items: center; gap: 24px; }
.band h2 { margin: 0 0 6px; font-size: 1.8rem; letter-spacing: -0.02em; }
.band p { margin: 0; opacity: .85; }
.band .btn { background: #fff; color: var(--dark); }
footer { border-top: 1px solid var(--line); padding: 56px 0 36px; color: var(--muted); font-size: 14px; }
.foot { display: grid; grid-template-columns: 1.4fr repeat(3, 1fr); gap: 32px; }
.foot h4 { color: var(--ink); font-size: 14px; margin: 0 0 12px; }
.foot ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
.foot a { text-decoration: none; }
.legal { margin-top: 40px; padding-top: 20px; border-top: 1px solid var(--line); display: flex; justify-content: space-between; flex-wrap: wrap; gap: 8px; }
@media (max-width: 860px) {
  .links { display: none; }
  .hero { padding: 48px 0 56px; }
  .hero .container, .features, .plans, .foot { grid-template-columns: 1fr; }
  .visual { margin: 0 8px; }
  .bubble { left: 8px; bottom: -26px; }
  section.block { padding: 60px 0; }
  .band { flex-direction: column; align-items: flex-start; padding: 32px; }
  .trial-bar .wide { display: none; }
  .kpi { padding: 10px; }
  .kpi b { font-size: 16px; }
  .kpi small { font-size: 11px; white-space: nowrap; }
}
@media (max-width: 560px) {
  .nav-cta { display: none; }
}
</style>
</head>
<body>
<div class="trial-bar"><b>Live preview</b> of ${possessive(o.company)} AI assistant<span class="wide">${
    host ? ` for ${host}` : ""
  }</span> · Trial ends ${formatDate(o.expiresAt)}</div>
<nav class="nav" aria-label="Main"><div class="container">
  <a class="logo" href="#top">${logo}<span>${name}</span></a>
  <div class="links"><a href="#features">Product</a><a href="#faq">FAQ</a><a href="#pricing">Pricing</a><a href="#contact">Contact</a></div>
  <button class="btn btn-accent nav-cta" type="button" data-open-assistant>Ask us anything</button>
</div></nav>
<header class="hero" id="top"><div class="container">
  <div>
    <span class="eyebrow"><i></i> Now with instant answers, 24/7</span>
    <h1>Welcome to <em>${name}</em></h1>
    <p class="lead">Questions about ${name}? Our assistant knows us inside out and answers in seconds — any time, on any device.</p>
    <div class="cta"><button class="btn btn-accent" type="button" data-open-assistant>Chat with our assistant</button><a class="btn btn-ghost" href="#pricing">See pricing</a></div>
    <div class="proof"><div class="avatars"><span></span><span></span><span></span></div><div><span class="stars">★★★★★</span><br>Loved by thousands of customers</div></div>
  </div>
  <div class="visual" aria-hidden="true">
    <div class="window"><div class="window-bar"><span></span><span></span><span></span></div>
      <div class="window-body">
        <div class="kpis"><div class="kpi"><small>Customers</small><b>12,480</b></div><div class="kpi"><small>Satisfaction</small><b class="up">98%</b></div><div class="kpi"><small>Reply time</small><b>2 s</b></div></div>
        <div class="chart"><i style="height:35%"></i><i style="height:48%"></i><i style="height:42%"></i><i style="height:60%"></i><i style="height:55%"></i><i style="height:72%"></i><i style="height:68%"></i><i style="height:88%"></i></div>
        <div class="rows"><div></div><div></div><div></div></div>
      </div>
    </div>
    <div class="bubble"><b>${name} assistant</b>Hi! Ask me anything — I answer right away.</div>
  </div>
</div></header>
<section class="block" id="features"><div class="container">
  <div class="section-head"><span class="kicker">Why ${name}</span><h2>Everything you need, nothing you don't</h2><p>Made for people who want things to just work.</p></div>
  <div class="features">${features.map(
    ([title, text], i) =>
      html`<div class="feature"><svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[i]}</svg><h3>${title}</h3><p>${text}</p></div>`,
  )}</div>
</div></section>
${
  faq.length
    ? html`<section class="block faq-wrap" id="faq"><div class="container">
  <div class="section-head"><span class="kicker">FAQ</span><h2>Questions we hear a lot</h2><p>Can't find yours? Our assistant is one click away.</p></div>
  <div class="faq">${faq.map(
    (f) => html`<details><summary>${excerpt(f.title, 120)}</summary><p>${excerpt(f.content, 260)}</p></details>`,
  )}</div>
  <p class="ask">Still wondering? <button class="btn btn-accent" type="button" data-open-assistant>Ask the assistant</button></p>
</div></section>`
    : ""
}
<section class="block" id="pricing"><div class="container">
  <div class="section-head"><span class="kicker">Pricing</span><h2>Simple plans that grow with you</h2><p>Start free for 14 days. No credit card needed.</p></div>
  <div class="plans">
    <div class="plan"><h3>Starter</h3><div class="price">$19<small>/month</small></div><span class="muted">For getting started</span><ul><li>All the essentials</li><li>Email support</li><li>1 team member</li></ul><a class="btn btn-ghost" href="#contact">Start free</a></div>
    <div class="plan featured"><h3>Growth</h3><div class="price">$49<small>/month</small></div><span class="muted">For growing teams</span><ul><li>Everything in Starter</li><li>Priority support</li><li>5 team members</li><li>Advanced reporting</li></ul><a class="btn btn-accent" href="#contact">Start free</a></div>
    <div class="plan"><h3>Scale</h3><div class="price">$99<small>/month</small></div><span class="muted">For larger organisations</span><ul><li>Everything in Growth</li><li>Dedicated manager</li><li>Unlimited members</li></ul><a class="btn btn-ghost" href="#contact">Talk to us</a></div>
  </div>
</div></section>
<section class="block" id="contact"><div class="container">
  <div class="band"><div><h2>Have a question right now?</h2><p>Our assistant answers instantly, day and night.</p></div><button class="btn" type="button" data-open-assistant>Start a chat</button></div>
</div></section>
<footer><div class="container">
  <div class="foot">
    <div><a class="logo" href="#top">${logo}<span>${name}</span></a><p>${host || `The ${name} website`}</p></div>
    <div><h4>Product</h4><ul><li><a href="#features">Features</a></li><li><a href="#pricing">Pricing</a></li><li><a href="#faq">FAQ</a></li></ul></div>
    <div><h4>Company</h4><ul><li><a href="#top">About</a></li><li><a href="#top">Careers</a></li><li><a href="#contact">Contact</a></li></ul></div>
    <div><h4>Support</h4><ul><li><a href="#faq">Help centre</a></li><li><a href="#top">Privacy</a></li><li><a href="#top">Terms</a></li></ul></div>
  </div>
  <div class="legal"><span>© ${new Date().getUTCFullYear()} ${name}. All rights reserved.</span><span>Assistant preview by Clawless</span></div>
</div></footer>
<script src="/demo/assets/preview.js" defer></script>
${snippet}
</body>
</html>`;
}
