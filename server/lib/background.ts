import type { Context } from "hono";

/**
 * Work that must not slow the response (request logs, last-used times): handed to waitUntil so it
 * completes after the response is sent. A failure is logged, never surfaced to the client.
 */
export function inBackground(c: Context, what: string, work: () => Promise<unknown>): void {
  const task = Promise.resolve()
    .then(work)
    .catch((error: unknown) => console.error(JSON.stringify({ level: "error", where: what, error: String(error) })));
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    // No execution context (app.request() in a unit test): the task still runs, unawaited.
  }
}
