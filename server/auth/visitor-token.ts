import { ApiError } from "../http/errors";
import { newId } from "../lib/crypto";
import { signJwt, verifyJwt } from "./jwt";

/**
 * Anonymous visitors get a token the server signs: `sub` is the visitor id and `tid` the tenant,
 * so a token from one tenant's site is worthless on another's. A conversation belongs to the
 * visitor id inside the token; nobody can claim it without the token. A visitor whose identity the
 * tenant vouched for (identity.ts) gets a shorter-lived token that also carries `uid`, the user id.
 */

const VISITOR_TOKEN_DAYS = 365;
/** A verified visitor's token lasts a day; the widget then bootstraps again with a fresh identity token. */
export const VERIFIED_TOKEN_SECONDS = 24 * 60 * 60;

export interface Visitor {
  id: string;
  token: string;
}

export interface VisitorClaims {
  visitorId: string;
  /** The verified user, or null for an anonymous visitor. */
  userId: string | null;
}

type SecretEnv = { VISITOR_TOKEN_SECRET?: string };

function secretOf(env: SecretEnv): string {
  const secret = env.VISITOR_TOKEN_SECRET;
  if (!secret || secret.length < 32) {
    // A deployment mistake, not a client error: say exactly what is missing.
    throw new ApiError(500, "internal_error", "VISITOR_TOKEN_SECRET is not configured (32+ characters).");
  }
  return secret;
}

/** A token for a new visitor, or for a known visitor id (keeping the device's id across sign-ins). */
export async function issueVisitor(
  env: SecretEnv,
  tenantId: string,
  options: { visitorId?: string; userId?: string } = {},
): Promise<Visitor> {
  const id = options.visitorId ?? newId("vis");
  const lifetime = options.userId === undefined ? VISITOR_TOKEN_DAYS * 86_400 : VERIFIED_TOKEN_SECONDS;
  const exp = Math.floor(Date.now() / 1000) + lifetime;
  const claims = { sub: id, tid: tenantId, ...(options.userId === undefined ? {} : { uid: options.userId }), exp };
  return { id, token: await signJwt(claims, secretOf(env)) };
}

/** Who a valid token for this tenant names, or null. */
export async function verifyVisitorToken(
  env: SecretEnv,
  tenantId: string,
  token: string,
): Promise<VisitorClaims | null> {
  const result = await verifyJwt(token, secretOf(env));
  if (!result.ok) return null;
  const { sub, tid, uid } = result.claims;
  if (typeof sub !== "string" || !sub.startsWith("vis_") || tid !== tenantId) return null;
  if (uid !== undefined && typeof uid !== "string") return null;
  return { visitorId: sub, userId: uid ?? null };
}

/** The visitor id of a valid token for this tenant, or null. */
export async function verifyVisitor(env: SecretEnv, tenantId: string, token: string): Promise<string | null> {
  return (await verifyVisitorToken(env, tenantId, token))?.visitorId ?? null;
}
