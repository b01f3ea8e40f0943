import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { payloadTooLarge } from "../http/errors";
import { DEFAULT_MAX_BODY_BYTES } from "../http/validation";

/**
 * Refuses a body over `maxBytes` with the one 413, before anything reads it (the idempotency
 * fingerprint and the validators both read the body). Hono's bodyLimit counts streamed bodies too.
 */
export function jsonBodyLimit(maxBytes = DEFAULT_MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw payloadTooLarge(`Request body exceeds ${maxBytes} bytes.`);
    },
  });
}
