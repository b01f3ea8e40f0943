import type { StreamEvent } from "./events";

/**
 * A Server-Sent Events response whose producer outlives its reader: writes after the client has
 * gone are dropped rather than thrown, so the turn can finish and be stored regardless. Writes are
 * not awaited (a slow reader must not stall the model loop); the queue holds one answer at most.
 */

export const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();

export function encodeEvent(id: number, event: StreamEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export interface SseStream {
  response: Response;
  /** Sends an event with the next id (or `id`, when replaying a stored event); returns the id. */
  send(event: StreamEvent, id?: number): number;
  close(): void;
  /** True once the client has gone away. */
  readonly disconnected: boolean;
}

export function createSseStream(headers: Record<string, string> = {}): SseStream {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let nextId = 1;
  let disconnected = false;
  let closed = false;

  const write = (text: string) => {
    if (disconnected || closed) return;
    writer.write(encoder.encode(text)).catch(() => {
      disconnected = true;
    });
  };
  writer.closed.catch(() => {
    disconnected = true;
  });

  // Proxies close idle connections; a comment line every HEARTBEAT_MS keeps this one open.
  const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);

  return {
    response: new Response(readable, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
        ...headers,
      },
    }),
    send(event, id = nextId) {
      nextId = id + 1;
      write(encodeEvent(id, event));
      return id;
    },
    close() {
      clearInterval(heartbeat);
      if (closed) return;
      closed = true;
      writer.close().catch(() => {
        disconnected = true;
      });
    },
    get disconnected() {
      return disconnected;
    },
  };
}
