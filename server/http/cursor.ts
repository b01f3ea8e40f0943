import { base64UrlDecode, base64UrlEncode, utf8 } from "../lib/crypto";
import { badRequest } from "./errors";

/**
 * The one pagination cursor: the position of the last row a page returned — its sort time and id
 * — so pages never overlap or skip rows that share a time. Opaque to clients (base64url JSON);
 * anything this API did not make is a 400 that names the `cursor` field.
 */

export interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(at: number, id: string): string {
  return base64UrlEncode(utf8(JSON.stringify([at, id])));
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const [at, id] = JSON.parse(new TextDecoder().decode(base64UrlDecode(cursor))) as unknown[];
    if (typeof at === "number" && typeof id === "string") return { at, id };
  } catch {
    // fall through: not a cursor we made
  }
  throw badRequest("Invalid cursor.", {
    problems: [{ field: "cursor", message: "is not a cursor this API returned" }],
  });
}
