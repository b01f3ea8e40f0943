import { createLogger } from "../lib/logger";
import type { StreamEvent } from "./events";
import type { SseStream } from "./sse";

/**
 * The events of a turn, kept in D1 so that any request can read them: a client that lost its
 * connection reconnects to the resume endpoint with `Last-Event-ID` and gets the rest.
 *
 * Why D1: it is strongly consistent (KV is not: a reconnect served by another location could miss
 * events for up to a minute, and KV allows one write per second per key), it is already bound and
 * works the same in tests, `wrangler dev` and production, and a Durable Object per turn would add
 * a binding and a class for what a small table does. Events are written in small batches (every
 * `maxBatch` events or `flushMs`), never one row per token; when the turn ends its batches are
 * replaced by one final batch — the user message and the terminal event, whose stored message
 * carries the whole answer — so a finished turn costs one small row.
 */

export type LoggedEvent = [id: number, event: StreamEvent];

export interface TurnLogOptions {
  maxBatch?: number;
  flushMs?: number;
}

export interface TurnLog {
  add(id: number, event: StreamEvent): void;
  /** Waits for pending writes, then replaces the turn's batches by the compact final batch. */
  finish(): Promise<void>;
}

const isTerminal = (event: StreamEvent) => event.type === "message.done" || event.type === "error";

export function createTurnLog(
  db: D1Database,
  keys: { tenantId: string; sessionId: string; turnId: string },
  options: TurnLogOptions = {},
): TurnLog {
  const maxBatch = options.maxBatch ?? 16;
  const flushMs = options.flushMs ?? 200;
  const kept: LoggedEvent[] = [];
  let buffer: LoggedEvent[] = [];
  let writes = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const insert = (events: LoggedEvent[], final: boolean) =>
    db
      .prepare(
        `INSERT OR REPLACE INTO turn_events (tenant_id, session_id, turn_id, first_id, last_id, events, final, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        keys.tenantId,
        keys.sessionId,
        keys.turnId,
        events[0]![0],
        events.at(-1)![0],
        JSON.stringify(events),
        final ? 1 : 0,
        Date.now(),
      );

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    writes = writes
      .then(() => insert(batch, false).run())
      .then(
        () => undefined,
        (error) => {
          // A lost batch only costs a resuming client some deltas: the final batch still lands.
          createLogger({ tenantId: keys.tenantId, fields: { turn_id: keys.turnId } }).error("turn_log_write_failed", {
            error,
          });
        },
      );
  };

  return {
    add(id, event) {
      if (event.type === "message.user" || event.type === "message.notice" || isTerminal(event)) kept.push([id, event]);
      buffer.push([id, event]);
      if (isTerminal(event)) return;
      if (buffer.length >= maxBatch) flush();
      else timer ??= setTimeout(flush, flushMs);
    },
    async finish() {
      clearTimeout(timer);
      buffer = [];
      await writes;
      if (kept.length === 0) return;
      await db.batch([
        db
          .prepare("DELETE FROM turn_events WHERE tenant_id = ? AND session_id = ? AND turn_id = ?")
          .bind(keys.tenantId, keys.sessionId, keys.turnId),
        insert(kept, true),
      ]);
    },
  };
}

export interface TurnEventsPage {
  events: LoggedEvent[];
  /** The terminal event has been logged: nothing more will come. */
  final: boolean;
}

export async function readTurnEvents(
  db: D1Database,
  keys: { tenantId: string; sessionId: string; turnId: string },
  afterId: number,
): Promise<TurnEventsPage> {
  const { results } = await db
    .prepare(
      `SELECT events, final FROM turn_events
       WHERE tenant_id = ? AND session_id = ? AND turn_id = ? AND last_id > ?
       ORDER BY first_id`,
    )
    .bind(keys.tenantId, keys.sessionId, keys.turnId, afterId)
    .all<{ events: string; final: number }>();
  const byId = new Map<number, StreamEvent>();
  let final = false;
  for (const row of results) {
    for (const [id, event] of JSON.parse(row.events) as LoggedEvent[]) if (id > afterId) byId.set(id, event);
    if (row.final) final = true;
  }
  const events = [...byId].sort(([a], [b]) => a - b);
  return { events, final };
}

/** What a turn writes to: the live SSE response and the log, with the same ids. */
export interface TurnChannel {
  send(event: StreamEvent): number;
  /** Ends the live response and settles the log. */
  close(): Promise<void>;
  readonly disconnected: boolean;
}

export function createTurnChannel(stream: SseStream, log: TurnLog): TurnChannel {
  return {
    send(event) {
      const id = stream.send(event);
      log.add(id, event);
      return id;
    },
    async close() {
      stream.close();
      await log.finish();
    },
    get disconnected() {
      return stream.disconnected;
    },
  };
}
