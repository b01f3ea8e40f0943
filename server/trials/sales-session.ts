import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { signJwt, verifyJwt } from "../auth/jwt";
import { signInThrottle } from "../auth/sign-in-throttle";
import { appConfig, requireSecret } from "../config";
import type { AppEnv } from "../env";
import { toHex, utf8 } from "../lib/crypto";
import { envLogger } from "../logging/context-logger";
import { clientIp } from "../rate-limit/client-ip";

/**
 * The salesperson's session: sign in once with the sales passcode (the `SALES_TOKEN` secret),
 * then an HttpOnly, SameSite=Lax cookie holding a short-lived HS256 token. The signing key is
 * derived from SALES_TOKEN, so rotating the secret signs everyone out, and the passcode itself
 * never sits in a cookie or a URL. Sign-in attempts are throttled per client IP with a growing
 * lock-out (server/auth/sign-in-throttle.ts), and every failure is logged, without the passcode.
 */

export const SALES_COOKIE = "clawless_sales";
export const SESSION_HOURS = 12;

/** A passcode shorter than SALES_TOKEN's minimum (server/config.ts) is treated as unset: a typo must not open the console. */
export function salesSignInConfigured(env: Env): boolean {
  return appConfig(env).secrets.SALES_TOKEN !== null;
}

/** Constant-time comparison of digests, so the time taken says nothing about the passcode. */
export async function passcodeMatches(env: Env, passcode: string): Promise<boolean> {
  const token = appConfig(env).secrets.SALES_TOKEN;
  if (token === null) return false;
  const [given, expected] = await Promise.all([
    crypto.subtle.digest("SHA-256", utf8(passcode)),
    crypto.subtle.digest("SHA-256", utf8(token)),
  ]);
  // Equal-length digests compared without an early exit (timingSafeEqual is workerd-only and
  // not in the DOM types the Node-side typecheck also sees).
  const a = new Uint8Array(given);
  const b = new Uint8Array(expected);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export type SalesSignIn =
  { outcome: "signed_in" } | { outcome: "wrong_passcode" } | { outcome: "throttled"; retryAfterSeconds: number };

/** One sign-in attempt from this client: refused while it is locked out, else counted and checked. */
export async function attemptSalesSignIn(env: Env, headers: Headers, passcode: string): Promise<SalesSignIn> {
  const ip = clientIp(headers);
  const throttle = signInThrottle(env.DB, "sales");
  const admission = await throttle.admit(ip);
  const client = admission.client.slice(0, 16);
  const log = envLogger(env);
  if (!admission.admitted) {
    log.warn("sales_sign_in_throttled", { client, retry_after_seconds: admission.retryAfterSeconds });
    return { outcome: "throttled", retryAfterSeconds: admission.retryAfterSeconds };
  }
  if (await passcodeMatches(env, passcode)) {
    await throttle.succeeded(ip);
    log.info("sales_sign_in", { client });
    return { outcome: "signed_in" };
  }
  log.warn("sales_sign_in_failed", {
    client,
    failures: admission.failures,
    locked_for_seconds: admission.lockedForSeconds,
  });
  return { outcome: "wrong_passcode" };
}

async function sessionKey(env: Env): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    utf8(requireSecret(env, "SALES_TOKEN")),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8("clawless/sales-session/v1"))));
}

export async function salesSessionToken(env: Env, nowSeconds = Math.floor(Date.now() / 1000)): Promise<string> {
  return signJwt({ sub: "sales", iat: nowSeconds, exp: nowSeconds + SESSION_HOURS * 3600 }, await sessionKey(env));
}

export async function isValidSalesSession(env: Env, token: string | undefined, nowSeconds?: number): Promise<boolean> {
  if (!token || !salesSignInConfigured(env)) return false;
  const result = await verifyJwt(token, await sessionKey(env), nowSeconds);
  return result.ok && result.claims.sub === "sales";
}

export async function startSalesSession(c: Context<AppEnv>): Promise<void> {
  setCookie(c, SALES_COOKIE, await salesSessionToken(c.env), {
    path: "/demo",
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    maxAge: SESSION_HOURS * 3600,
  });
}

export function endSalesSession(c: Context<AppEnv>): void {
  deleteCookie(c, SALES_COOKIE, { path: "/demo", secure: new URL(c.req.url).protocol === "https:" });
}

export function hasSalesSession(c: Context<AppEnv>): Promise<boolean> {
  return isValidSalesSession(c.env, getCookie(c, SALES_COOKIE));
}

/** Guards the console: without a valid session, back to the sign-in page. */
export function requireSalesSession(): MiddlewareHandler<AppEnv> {
  return async function salesSessionGuard(c, next) {
    if (!(await hasSalesSession(c))) return c.redirect("/demo?signed_out=1", 303);
    await next();
  };
}
