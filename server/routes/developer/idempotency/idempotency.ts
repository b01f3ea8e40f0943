import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../../env";
import { ApiError, badRequest, conflict } from "../../../http/errors";
import { readJsonBody } from "../../../http/request-body";
import { DEFAULT_MAX_BODY_BYTES } from "../../../http/validation";
import { inBackground } from "../../../logging/background";
import { sha256Hex } from "../../../lib/crypto";
import { idempotencyStore, type StoredResponse } from "./store";

/**
 * `Idempotency-Key` on the developer API's POSTs. The first request with a key runs and its final
 * response is stored — for a streamed answer, the whole stream once it has ended — so a retry with
 * the same key and the same request (method, path, body) gets exactly that response back, marked
 * `Idempotent-Replayed: true`, and the turn never runs twice. The same key with another request is
 * a 409. A retry while the first request is still running is also a 409, with `Retry-After: 1`
 * (the official OpenAI and Anthropic clients retry a 409 on their own): answering it by waiting
 * would hold a connection for the length of a turn. A 429 or 5xx is not stored — nothing was done,
 * so the retry runs afresh. Keys belong to the tenant and expire after KEY_TTL_MS.
 */

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim still 'running' after this long belongs to a request that died: it may be taken over. */
const ABANDONED_AFTER_MS = 15 * 60 * 1000;
/** Larger responses are not replayable (D1 rows stay small); the retry is told so. */
const MAX_STORED_CHARS = 1_000_000;
/** Response headers a replay repeats; the rest (request id, rate limit counters) are the retry's own. */
const REPLAYED_HEADERS = /^(content-type|x-clawless-[a-z-]+)$/i;

export function idempotency(): MiddlewareHandler<AppEnv> {
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters.", {
        problems: [{ field: IDEMPOTENCY_HEADER, message: "must be 1 to 255 visible ASCII characters" }],
      });
    }
    // The body as the route's reader read it (bounded, strict UTF-8); read here under the default
    // cap if no reader ran first, never as an unbounded stream.
    await readJsonBody(c, { maxBytes: DEFAULT_MAX_BODY_BYTES, emptyWithoutContentType: true });
    const url = new URL(c.req.url);
    const fingerprint = await sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`);
    const store = idempotencyStore(c.env.DB, c.var.tenant.id);
    const claim = await store.claim(key, fingerprint, KEY_TTL_MS, ABANDONED_AFTER_MS);
    if (claim.outcome === "mismatch") {
      throw conflict("This Idempotency-Key was already used with a different request.", {
        code: "idempotency_key_reused",
      });
    }
    if (claim.outcome === "running") {
      throw new ApiError(
        409,
        "conflict",
        "A request with this Idempotency-Key is still running; retry shortly.",
        { code: "idempotency_request_in_progress" },
        { "Retry-After": "1" },
      );
    }
    if (claim.outcome === "done") return replay(claim.response);

    inBackground(c, "idempotency sweep", () => store.sweepExpired());
    await next();
    const res = c.res;
    if (res.status === 429 || res.status >= 500) {
      await store.release(key);
      return;
    }
    const headers = replayedHeaders(res.headers);
    const requestId = c.get("requestId");
    if (res.body && /^text\/event-stream/i.test(res.headers.get("content-type") ?? "")) {
      // The client reads one branch while the other is stored when the stream ends; the turn
      // runs to the end either way, so the stored stream is the whole answer.
      const [live, kept] = res.body.tee();
      c.res = new Response(live, res);
      inBackground(c, "idempotency store", async () => {
        try {
          const body = await new Response(kept).text();
          await store.complete(key, bounded({ status: res.status, headers, body }, requestId));
        } catch (error) {
          await store.release(key);
          throw error;
        }
      });
      return;
    }
    const body = await res.clone().text();
    await store.complete(key, bounded({ status: res.status, headers, body }, requestId));
  };
}

function replay(stored: StoredResponse): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { ...stored.headers, "Idempotent-Replayed": "true" },
  });
}

function replayedHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (REPLAYED_HEADERS.test(name)) kept[name] = value;
  });
  return kept;
}

function bounded(response: StoredResponse, requestId: string): StoredResponse {
  if (response.body.length <= MAX_STORED_CHARS) return response;
  return {
    status: 409,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      error: {
        type: "conflict",
        message: "The original response to this Idempotency-Key was too large to keep, so it cannot be replayed.",
        details: { code: "idempotency_response_too_large", status: response.status },
        request_id: requestId,
      },
    }),
  };
}
