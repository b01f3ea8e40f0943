import type { ClawlessChat } from "../chat/clawless-chat.component";
import type { ClawlessGlobal, ClawlessListener, QueuedCall } from "./contract";

/**
 * Swaps the loader's queue stub for the real `window.Clawless` methods bound to `element`, then
 * replays the calls queued before the element loaded, in order. `on(name, fn)` listens for
 * `clawless-<name>` on the element; `fn` receives the CustomEvent.
 */
export function attachGlobalApi(element: ClawlessChat, api: ClawlessGlobal): void {
  const listen = (name: string) => `clawless-${name}`;
  const methods: Omit<ClawlessGlobal, "q" | "loader"> = {
    open: () => element.show(),
    close: () => element.hide(),
    toggle: () => element.toggle(),
    send: (text: string) => void element.send(String(text)),
    on: (name: string, listener: ClawlessListener) => {
      element.addEventListener(listen(name), listener as EventListener);
      // A late subscriber to "ready" is not left waiting for an event that has already happened.
      if (name === "ready" && element.ready)
        queueMicrotask(() => listener(new CustomEvent(listen(name), { detail: {} })));
    },
    off: (name: string, listener: ClawlessListener) =>
      element.removeEventListener(listen(name), listener as EventListener),
    destroy: () => {
      element.remove();
      delete window.Clawless;
    },
  };
  Object.assign(api, methods);
  const queued: QueuedCall[] = api.q.splice(0);
  for (const [method, ...args] of queued) {
    const fn = methods[method] as ((...args: unknown[]) => void) | undefined;
    if (typeof fn === "function") fn(...args);
  }
}
