import type { Context } from "hono";
import { ApiError, payloadTooLarge } from "../http/errors";

/**
 * Reads an HTML form post (application/x-www-form-urlencoded), bounded in size before parsing.
 * A browser submitting our own forms never trips these; anything else gets the one error shape.
 */

export const MAX_FORM_BYTES = 256 * 1024;

export async function readForm(c: Context, maxBytes = MAX_FORM_BYTES): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new ApiError(415, "invalid_request", "Expected a form post (application/x-www-form-urlencoded).");
  }
  if (Number(c.req.header("content-length") ?? "0") > maxBytes) {
    throw payloadTooLarge(`The form is larger than ${maxBytes / 1024} KB.`);
  }
  // Read as bytes: workerd warns when .text() is called on a body that is not text/*.
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > maxBytes) throw payloadTooLarge(`The form is larger than ${maxBytes / 1024} KB.`);
  return Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)));
}
