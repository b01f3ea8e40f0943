/**
 * Model configuration read from the Worker's environment. Provider secrets are typed by
 * `npm run types` (from .dev.vars.example) but are optional at runtime: unset or empty means
 * "not configured". Tuning values are plain vars with production defaults; tests and the bench
 * shorten them (never needed in production).
 */

export interface ModelTuningVars {
  MODEL_MAX_RETRIES?: string;
  MODEL_RETRY_BASE_MS?: string;
  /** A `retry-after` longer than this skips to the next model instead of waiting. */
  MODEL_RETRY_MAX_WAIT_MS?: string;
  MODEL_FIRST_EVENT_TIMEOUT_MS?: string;
  MODEL_IDLE_TIMEOUT_MS?: string;
  MODEL_BREAKER_FAILURES?: string;
  MODEL_BREAKER_COOLDOWN_MS?: string;
  /** How often a resuming client's request looks for new events of an in-flight turn. */
  RESUME_POLL_MS?: string;
  /** How long a resuming request waits for an in-flight turn before closing. */
  RESUME_MAX_WAIT_MS?: string;
}

export interface ProviderSecrets {
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  MODEL_CATALOG?: string;
  ENCRYPTION_KEY?: string;
  /** Workers AI: bound only in production (see wrangler.toml), absent locally and in tests. */
  AI?: Ai;
}

/** What the model layer reads from `env`: every field optional, whatever the generated Env says. */
export type ModelEnv = Omit<Env, keyof ProviderSecrets> & ProviderSecrets & ModelTuningVars;

export interface ModelTuning {
  maxRetries: number;
  retryBaseMs: number;
  retryMaxWaitMs: number;
  firstEventTimeoutMs: number;
  idleTimeoutMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  resumePollMs: number;
  resumeMaxWaitMs: number;
}

export const DEFAULT_TUNING: ModelTuning = {
  maxRetries: 2,
  retryBaseMs: 500,
  retryMaxWaitMs: 10_000,
  firstEventTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  breakerFailures: 3,
  breakerCooldownMs: 30_000,
  resumePollMs: 300,
  resumeMaxWaitMs: 120_000,
};

export function asModelEnv(env: Env): ModelEnv {
  return env as unknown as ModelEnv;
}

/** A configured value, or null for unset and empty. */
export function configured(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function modelTuning(env: Env): ModelTuning {
  const vars = asModelEnv(env);
  const num = (value: string | undefined, fallback: number) => {
    const n = Number(configured(value) ?? NaN);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  const d = DEFAULT_TUNING;
  return {
    maxRetries: num(vars.MODEL_MAX_RETRIES, d.maxRetries),
    retryBaseMs: num(vars.MODEL_RETRY_BASE_MS, d.retryBaseMs),
    retryMaxWaitMs: num(vars.MODEL_RETRY_MAX_WAIT_MS, d.retryMaxWaitMs),
    firstEventTimeoutMs: num(vars.MODEL_FIRST_EVENT_TIMEOUT_MS, d.firstEventTimeoutMs),
    idleTimeoutMs: num(vars.MODEL_IDLE_TIMEOUT_MS, d.idleTimeoutMs),
    breakerFailures: num(vars.MODEL_BREAKER_FAILURES, d.breakerFailures),
    breakerCooldownMs: num(vars.MODEL_BREAKER_COOLDOWN_MS, d.breakerCooldownMs),
    resumePollMs: num(vars.RESUME_POLL_MS, d.resumePollMs),
    resumeMaxWaitMs: num(vars.RESUME_MAX_WAIT_MS, d.resumeMaxWaitMs),
  };
}
