import type { Bindings } from "../env";
import { tooManyRequests, type ApiError } from "../http/errors";
import { RATE_LIMITS, type RateLimitScope } from "./limits";

/**
 * Counts one request against a limit and returns the 429 to answer when it is over, else null.
 * The binding does not say when its window ends; windows are aligned to multiples of the period
 * (as in workerd's local implementation), so the reset time given is an estimate, never later than
 * one period away.
 */
export async function checkRateLimit(
  env: Bindings,
  scope: RateLimitScope,
  id: string,
  now = Date.now(),
): Promise<ApiError | null> {
  const rule = RATE_LIMITS[scope];
  const { success } = await env[rule.binding].limit({ key: `${scope}:${id}` });
  if (success) return null;
  const reset = Math.max(1, Math.ceil(rule.period - ((now / 1000) % rule.period)));
  return tooManyRequests(
    "rate_limited",
    `Too many requests for this ${rule.per}: at most ${rule.limit} every ${rule.period} seconds. Retry in ${reset} s.`,
    reset,
    { scope, limit: rule.limit, period_seconds: rule.period },
    { "RateLimit-Limit": String(rule.limit), "RateLimit-Remaining": "0", "RateLimit-Reset": String(reset) },
  );
}

/**
 * Counts a request against several limits in order and returns the first refusal. A refused
 * request is not counted against the limits after it: put the narrow ones (a client IP) before the
 * shared ones (the tenant), so one client's flood does not spend everyone else's budget.
 */
export async function checkRateLimits(
  env: Bindings,
  checks: ReadonlyArray<readonly [RateLimitScope, string]>,
): Promise<ApiError | null> {
  for (const [scope, id] of checks) {
    const limited = await checkRateLimit(env, scope, id);
    if (limited) return limited;
  }
  return null;
}

/** Throws the 429 when over the limit. The auth middlewares apply these: see server/auth/. */
export async function enforceRateLimit(env: Bindings, scope: RateLimitScope, id: string): Promise<void> {
  const limited = await checkRateLimit(env, scope, id);
  if (limited) throw limited;
}
