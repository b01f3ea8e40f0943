import type { Context } from "hono";
import { ApiError } from "../http/errors";
import { decodeUtf8, readBodyBytes } from "../http/request-body";

/**
 * Reads an HTML form post (application/x-www-form-urlencoded), bounded in size before parsing.
 * A browser submitting our own forms never trips these; anything else gets the one error shape.
 * The bytes are read through http/request-body.ts: never past the cap, and strictly UTF-8.
 */

export const MAX_FORM_BYTES = 256 * 1024;

export async function readForm(c: Context, maxBytes = MAX_FORM_BYTES): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new ApiError(415, "invalid_request", "Expected a form post (application/x-www-form-urlencoded).");
  }
  return Object.fromEntries(new URLSearchParams(decodeUtf8(await readBodyBytes(c.req.raw, maxBytes))));
}
