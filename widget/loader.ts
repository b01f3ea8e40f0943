import { CLAWLESS_METHODS, type ClawlessGlobal, type QueuedCall } from "./global/contract";

/**
 * The script tag (`<script src=".../widget/v1/clawless.js" data-key="pk_…" async>`): installs the
 * `window.Clawless` queue stub, adds one `<clawless-chat>` to the page, and imports the element
 * chunk on the first interaction or when the browser is idle, whichever comes first. It must stay
 * tiny and CSP-friendly (no eval, no inline script, no styles of its own).
 */

/** Calls that need the widget now rather than at idle time. */
const EAGER = new Set<string>(["open", "toggle", "send", "setInput"]);
const TRIGGERS = ["pointerdown", "keydown", "focus"];

function start(): void {
  const script = document.currentScript as HTMLScriptElement | null;
  const existing = window.Clawless;
  if (!script || existing?.loader) return;

  const data = script.dataset;
  if (!data.key) console.warn("[clawless] the script tag needs a data-key attribute");

  const element = document.createElement("clawless-chat");
  const attributes: Record<string, string | undefined> = {
    "publishable-key": data.key,
    api: data.api || new URL(script.src).origin,
    mode: data.mode,
    position: data.position,
    locale: data.locale,
    theme: data.theme,
    "greeting-delay": data.greetingDelay,
    open: data.open === "true" ? "" : undefined,
  };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value);
  }

  const stub = { q: (existing?.q ?? []) as QueuedCall[], loader: true } as ClawlessGlobal;
  let loading: Promise<void> | undefined;

  const load = (): void => {
    if (loading) return;
    for (const type of TRIGGERS) removeEventListener(type, load, true);
    loading = new Promise<void>((resolve) => {
      if (document.body) resolve();
      else addEventListener("DOMContentLoaded", () => resolve(), { once: true });
    })
      .then(() => {
        const container = data.target ? document.querySelector(data.target) : null;
        (container ?? document.body).append(element);
        return import(/* @vite-ignore */ new URL("clawless-chat.js", script.src).href);
      })
      .then((module: { attachGlobalApi(element: Element, api: ClawlessGlobal): void }) =>
        module.attachGlobalApi(element, stub),
      )
      .catch((error: unknown) => console.error("[clawless] could not load the chat widget", error));
  };

  for (const method of CLAWLESS_METHODS) {
    stub[method] = (...args: unknown[]) => {
      stub.q.push([method, ...args]);
      if (EAGER.has(method)) load();
    };
  }
  window.Clawless = stub;

  if (data.open === "true" || stub.q.some(([method]) => EAGER.has(method))) return load();
  for (const type of TRIGGERS) addEventListener(type, load, { capture: true, passive: true });
  if ("requestIdleCallback" in window) requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 2000);
}

start();
