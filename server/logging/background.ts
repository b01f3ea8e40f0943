import type { Context } from "hono";
import type { AppEnv } from "../env";
import { requestLogger } from "./context-logger";

/**
 * Work that must not slow the response (request logs, last-used times): handed to waitUntil so it
 * completes after the response is sent. A failure is logged, never surfaced to the client.
 */
export function inBackground(c: Context<AppEnv>, what: string, work: () => Promise<unknown>): void {
  const task = Promise.resolve()
    .then(work)
    .catch((error: unknown) => requestLogger(c).error("background_task_failed", { task: what, error }));
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    // No execution context (app.request() in a unit test): the task still runs, unawaited.
  }
}
