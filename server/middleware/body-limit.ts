import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { readJsonBody } from "../http/request-body";
import { DEFAULT_MAX_BODY_BYTES, parseEmptyBody } from "../http/validation";

/**
 * The developer API's body readers, as route middleware that runs before anything else reads the
 * body (the idempotency fingerprint, Hono's validators). They read it once, through
 * http/request-body.ts: never past `maxBytes` (a clean 413, the stream cancelled), strict UTF-8,
 * JSON only; later readers get the same bytes from Hono's body cache.
 *
 * Not hono/body-limit: in workerd it does stop a chunked body at the cap, but it leaves the stream
 * locked and uncancelled, it is a second reader beside parseJsonBody's (widget and admin routes),
 * and it decodes nothing, so the validators would still decode invalid UTF-8 lossily.
 */
export function jsonBodyLimit(maxBytes = DEFAULT_MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  return async function jsonBodyLimit(c, next) {
    await readJsonBody(c, { maxBytes });
    await next();
  };
}

/** For a POST that takes no body (a reset): no body, or `{}` as JSON, else a 4xx naming it. */
export function emptyJsonBody(): MiddlewareHandler<AppEnv> {
  return async function emptyJsonBody(c, next) {
    await parseEmptyBody(c);
    await next();
  };
}
