import { ModelError } from "./errors";
import type { ModelEvent } from "./provider";

/**
 * Bounds a model stream in time: the first event must come within `firstEventMs` (this covers
 * connecting and the response headers) and each next one within `idleMs`, so a stalled upstream
 * becomes a `timeout` failure the fallback chain handles, instead of a turn that never ends. On a
 * timeout the request is aborted through `abort`, which closes the upstream connection.
 */
export async function* withTimeouts(
  source: AsyncIterable<ModelEvent>,
  options: { firstEventMs: number; idleMs: number; abort: AbortController },
): AsyncGenerator<ModelEvent> {
  const iterator = source[Symbol.asyncIterator]();
  let first = true;
  try {
    for (;;) {
      const ms = first ? options.firstEventMs : options.idleMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ModelError("timeout", `no ${first ? "first " : ""}event from the model within ${ms} ms`)),
          ms,
        );
      });
      let result: IteratorResult<ModelEvent>;
      try {
        result = await Promise.race([iterator.next(), timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (result.done) return;
      first = false;
      yield result.value;
    }
  } finally {
    // Stopped early (timeout, error, or the consumer gave up): release the upstream request.
    options.abort.abort();
    // Do not await: a stalled iterator may never settle.
    iterator.return?.().catch(() => undefined);
  }
}
