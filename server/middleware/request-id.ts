import type { MiddlewareHandler } from "hono";
import { newId } from "../lib/crypto";
import type { AppEnv } from "../env";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** Gives every request an id, in `c.var.requestId`, on the response and in every error body. */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestIdMiddleware(c, next) {
    const id = newId("req");
    c.set("requestId", id);
    await next();
    try {
      c.res.headers.set(REQUEST_ID_HEADER, id);
    } catch {
      // Responses from fetch() or caches have immutable headers: copy once to add ours.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(REQUEST_ID_HEADER, id);
    }
  };
}
