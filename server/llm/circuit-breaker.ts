/**
 * A short circuit breaker per provider endpoint: after `failures` provider-side failures in a row
 * it opens for `cooldownMs`, and the fallback chain skips that provider instead of hammering it;
 * after the cooldown one request is let through (half-open) and its outcome closes or re-opens it.
 *
 * State is module-level, so it is per Worker isolate: each isolate learns on its own, which is
 * enough to stop a burst of doomed requests without any shared storage on the hot path.
 */

export interface BreakerOptions {
  failures: number;
  cooldownMs: number;
}

interface BreakerState {
  consecutiveFailures: number;
  openUntil: number;
}

const states = new Map<string, BreakerState>();
const MAX_TRACKED = 1_000;

export function breakerAllows(key: string, now = Date.now()): boolean {
  const state = states.get(key);
  return !state || state.openUntil <= now;
}

export function recordSuccess(key: string): void {
  states.delete(key);
}

/** Returns true when this failure opened (or re-opened) the breaker. */
export function recordFailure(key: string, options: BreakerOptions, now = Date.now()): boolean {
  if (options.failures <= 0) return false;
  const state = states.get(key) ?? { consecutiveFailures: 0, openUntil: 0 };
  state.consecutiveFailures += 1;
  const opened = state.consecutiveFailures >= options.failures;
  if (opened) state.openUntil = now + options.cooldownMs;
  if (!states.has(key) && states.size >= MAX_TRACKED) states.delete(states.keys().next().value!);
  states.set(key, state);
  return opened;
}

/** For tests: forget every breaker. */
export function resetBreakers(): void {
  states.clear();
}
