import { ApiError } from "../http/errors";
import { newId } from "../lib/crypto";
import { signJwt, verifyJwt } from "./jwt";

/**
 * Anonymous visitors get a token the server signs: `sub` is the visitor id and `tid` the tenant,
 * so a token from one tenant's site is worthless on another's. A conversation belongs to the
 * visitor id inside the token; nobody can claim it without the token.
 */

const VISITOR_TOKEN_DAYS = 365;

export interface Visitor {
  id: string;
  token: string;
}

function secretOf(env: { VISITOR_TOKEN_SECRET?: string }): string {
  const secret = env.VISITOR_TOKEN_SECRET;
  if (!secret || secret.length < 32) {
    // A deployment mistake, not a client error: say exactly what is missing.
    throw new ApiError(500, "internal_error", "VISITOR_TOKEN_SECRET is not configured (32+ characters).");
  }
  return secret;
}

export async function issueVisitor(env: { VISITOR_TOKEN_SECRET?: string }, tenantId: string): Promise<Visitor> {
  const id = newId("vis");
  const exp = Math.floor(Date.now() / 1000) + VISITOR_TOKEN_DAYS * 86_400;
  return { id, token: await signJwt({ sub: id, tid: tenantId, exp }, secretOf(env)) };
}

/** The visitor id of a valid token for this tenant, or null. */
export async function verifyVisitor(
  env: { VISITOR_TOKEN_SECRET?: string },
  tenantId: string,
  token: string,
): Promise<string | null> {
  const result = await verifyJwt(token, secretOf(env));
  if (!result.ok) return null;
  const { sub, tid } = result.claims;
  return typeof sub === "string" && sub.startsWith("vis_") && tid === tenantId ? sub : null;
}
