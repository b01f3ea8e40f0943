import { base64UrlDecode, base64UrlEncode, utf8 } from "../lib/crypto";

/**
 * Compact HS256 JSON Web Tokens with Web Crypto: the format of both our visitor tokens and the
 * identity tokens a tenant's backend signs for verified users. Verification is constant-time
 * (crypto.subtle.verify) and rejects any algorithm but HS256. A token is refused after its `exp`
 * and before its `nbf`, when it has them.
 */

export type JwtClaims = Record<string, unknown> & { exp?: number; nbf?: number };

const HEADER = base64UrlEncode(utf8(JSON.stringify({ alg: "HS256", typ: "JWT" })));

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

export async function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  const payload = base64UrlEncode(utf8(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), utf8(`${HEADER}.${payload}`));
  return `${HEADER}.${payload}.${base64UrlEncode(new Uint8Array(signature))}`;
}

export type JwtFailure = "malformed" | "bad_signature" | "expired" | "not_yet_valid";

/** The claims of a valid token, or why it is not valid. `nowSeconds` is injectable for tests. */
export async function verifyJwt(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<{ ok: true; claims: JwtClaims } | { ok: false; reason: JwtFailure }> {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 4096) return { ok: false, reason: "malformed" };
  const [header, payload, signature] = parts as [string, string, string];
  let claims: JwtClaims;
  let signatureBytes: Uint8Array<ArrayBuffer>;
  try {
    const parsedHeader = JSON.parse(new TextDecoder().decode(base64UrlDecode(header))) as { alg?: unknown };
    if (parsedHeader.alg !== "HS256") return { ok: false, reason: "malformed" };
    claims = JSON.parse(new TextDecoder().decode(base64UrlDecode(payload))) as JwtClaims;
    signatureBytes = base64UrlDecode(signature);
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof claims !== "object" || claims === null) return { ok: false, reason: "malformed" };
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), signatureBytes, utf8(`${header}.${payload}`));
  if (!valid) return { ok: false, reason: "bad_signature" };
  if (claims.exp !== undefined && (typeof claims.exp !== "number" || claims.exp <= nowSeconds)) {
    return { ok: false, reason: "expired" };
  }
  if (claims.nbf !== undefined && (typeof claims.nbf !== "number" || claims.nbf > nowSeconds)) {
    return { ok: false, reason: "not_yet_valid" };
  }
  return { ok: true, claims };
}
