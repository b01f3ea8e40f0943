import type { TurnChannel } from "./turn-log";

/**
 * Where a turn nobody watches sends its events (one started by sessions_send): they get ids, as in
 * a live stream, and go nowhere. It reports itself disconnected, so nothing waits for a browser.
 */
export function silentChannel(): TurnChannel {
  let nextId = 1;
  return { send: () => nextId++, close: async () => {}, disconnected: true };
}
