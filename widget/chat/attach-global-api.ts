import type { ClawlessChat } from "./clawless-chat.component";
import { domEventName, type ClawlessGlobal, type ClawlessListener, type QueuedCall } from "../global/contract";

type Methods = Omit<ClawlessGlobal, "q" | "loader">;

/**
 * Swaps the loader's queue stub for the real `window.Clawless` methods bound to `element`, then
 * replays the calls queued before the element loaded, in order. `on(name, fn)` listens for
 * `clawless-<name>` on the element; `fn` receives the CustomEvent.
 */
export function attachGlobalApi(element: ClawlessChat, api: ClawlessGlobal): void {
  const methods: Methods = {
    open: () => element.show(),
    close: () => element.hide(),
    toggle: () => element.toggle(),
    send: (text) => void element.send(String(text)),
    setInput: (text) => element.setInput(String(text)),
    identify: (token) => element.identify(String(token)),
    logout: () => element.logout(),
    newConversation: () => element.newConversation(),
    registerTool: (name, handler) => element.registerTool(String(name), handler),
    on: (name, listener) => {
      element.addEventListener(domEventName(name), listener as unknown as EventListener);
      // A late subscriber to "ready" is not left waiting for an event that has already happened.
      if (name === "ready" && element.ready)
        queueMicrotask(() => (listener as ClawlessListener)(new CustomEvent(domEventName(name), { detail: {} })));
    },
    off: (name, listener) => element.removeEventListener(domEventName(name), listener as unknown as EventListener),
    destroy: () => {
      element.remove();
      delete window.Clawless;
    },
  };
  Object.assign(api, methods);
  const queued: QueuedCall[] = api.q.splice(0);
  for (const [method, ...args] of queued) {
    const fn = methods[method as keyof Methods] as ((...args: unknown[]) => void) | undefined;
    if (typeof fn === "function") fn(...args);
  }
}
