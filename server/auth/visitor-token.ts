import { requireSecret } from "../config";
import { newId } from "../lib/crypto";
import { signJwt, verifyJwt } from "./jwt";

/**
 * Anonymous visitors get a token the server signs: `sub` is the visitor id and `tid` the tenant,
 * so a token from one tenant's site is worthless on another's. A conversation belongs to the
 * visitor id inside the token; nobody can claim it without the token. A visitor whose identity the
 * tenant vouched for (identity.ts) gets a shorter-lived token that also carries `uid`, the user id,
 * and `iep`, the tenant's identity epoch. `ver` is the visitor's token version. Both make tokens
 * revocable (sign-out, identity secret rotation): see visitor-revocation.ts, which every request
 * goes through; this module only checks the signature and the tenant.
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
  /** The visitor's token version the token was issued at (0 for tokens from before versions). */
  version: number;
  /** The tenant's identity epoch a verified token was issued in (0 for tokens from before epochs). */
  identityEpoch: number;
}

export interface IssueOptions {
  /** Keep this visitor id (the device's, across sign-ins); a new one when absent. */
  visitorId?: string;
  /** The verified user; absent for an anonymous visitor. */
  userId?: string;
  version?: number;
  identityEpoch?: number;
  /** The token must not outlive this (ms), e.g. the identity secret that vouched for the user. */
  notAfter?: number | null;
}

type SecretEnv = { VISITOR_TOKEN_SECRET?: string };

/** A deployment mistake, not a client error, when unset: the 500 says exactly what is missing. */
const secretOf = (env: SecretEnv) => requireSecret(env, "VISITOR_TOKEN_SECRET");

/** A token for a new visitor, or for a known visitor id (keeping the device's id across sign-ins). */
export async function issueVisitor(env: SecretEnv, tenantId: string, options: IssueOptions = {}): Promise<Visitor> {
  const id = options.visitorId ?? newId("vis");
  const verified = options.userId !== undefined;
  const lifetime = verified ? VERIFIED_TOKEN_SECONDS : VISITOR_TOKEN_DAYS * 86_400;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const notAfter = options.notAfter == null ? Infinity : Math.floor(options.notAfter / 1000);
  const exp = Math.max(nowSeconds + 1, Math.min(nowSeconds + lifetime, notAfter));
  const claims = {
    sub: id,
    tid: tenantId,
    ...(verified ? { uid: options.userId, iep: options.identityEpoch ?? 0 } : {}),
    ver: options.version ?? 0,
    exp,
  };
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
  const { sub, tid, uid, ver = 0, iep = 0 } = result.claims;
  if (typeof sub !== "string" || !sub.startsWith("vis_") || tid !== tenantId) return null;
  if (uid !== undefined && typeof uid !== "string") return null;
  if (!Number.isInteger(ver) || !Number.isInteger(iep)) return null;
  return { visitorId: sub, userId: uid ?? null, version: ver as number, identityEpoch: iep as number };
}
