import { readTurnEvents } from "./turn-log";
import type { SseStream } from "./sse";

/**
 * Replays a turn's events after `afterId` to a reconnecting client, with their original ids, then
 * follows the turn while it is still running (polling its log every `pollMs`) until the terminal
 * event, the client leaving, or `maxWaitMs` — after which the client may reconnect again.
 */
export async function replayTurn(options: {
  db: D1Database;
  keys: { tenantId: string; sessionId: string; turnId: string };
  afterId: number;
  stream: SseStream;
  pollMs: number;
  maxWaitMs: number;
}): Promise<void> {
  const { stream } = options;
  const until = Date.now() + options.maxWaitMs;
  let after = options.afterId;
  try {
    for (;;) {
      const page = await readTurnEvents(options.db, options.keys, after);
      for (const [id, event] of page.events) {
        stream.send(event, id);
        after = id;
      }
      if (page.final || stream.disconnected || Date.now() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  } finally {
    stream.close();
  }
}
