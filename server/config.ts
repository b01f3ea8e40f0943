import { z } from "zod";
import { ApiError } from "./http/errors";
import { modelCatalog } from "./models/catalog";
import { createLogger } from "./lib/logger";

/**
 * The Worker's configuration: every variable and secret of `env`, parsed once per env object
 * (that is, once per isolate) into a typed, validated value. `server/env.ts` keeps the bindings'
 * type; this is the one place that reads vars. A malformed value (a tuning number that is not a
 * number, an unknown ENVIRONMENT, a bad base URL or MODEL_CATALOG) is a deployment mistake: every
 * request gets the one JSON error shape naming the variable, and the isolate logs it once. A
 * secret that is unset or shorter than its minimum is not configured (null): only the feature
 * that needs it fails, saying which secret is missing (see requireSecret).
 */

/** The platform's secrets and the length below which a value counts as unset (a typo must not open a door). */
export const SECRET_MIN_LENGTHS = {
  ADMIN_TOKEN: 16,
  VISITOR_TOKEN_SECRET: 32,
  ENCRYPTION_KEY: 32,
  SALES_TOKEN: 16,
} as const;

export type SecretName = keyof typeof SECRET_MIN_LENGTHS;

/** Retries, timeouts and breaker settings of model calls: production defaults; tests and the bench shorten them. */
export interface ModelTuning {
  maxRetries: number;
  retryBaseMs: number;
  /** A `retry-after` longer than this skips to the next model instead of waiting. */
  retryMaxWaitMs: number;
  firstEventTimeoutMs: number;
  idleTimeoutMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  /** How often a resuming client's request looks for new events of an in-flight turn. */
  resumePollMs: number;
  /** How long a resuming request waits for an in-flight turn before closing. */
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

const DEFAULT_CLIENT_TOOL_POLL_MS = 250;

/** Unset and blank are the same: not configured. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || null);

const secret = (minLength: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value !== undefined && value.length >= minLength ? value : null));

const baseUrl = optionalText.refine(
  (value) => value === null || /^https?:$/.test(URL.parse(value)?.protocol ?? ""),
  "must be an http(s) URL",
);

const tuningNumber = (fallback: number, { positive = false } = {}) =>
  optionalText.transform((value, ctx) => {
    if (value === null) return fallback;
    const n = Number(value);
    if (Number.isFinite(n) && (positive ? n > 0 : n >= 0)) return n;
    ctx.addIssue({ code: "custom", message: positive ? "must be a number > 0" : "must be a number ≥ 0" });
    return z.NEVER;
  });

const catalog = optionalText.transform((value, ctx) => {
  try {
    return modelCatalog(value);
  } catch (error) {
    // modelCatalog's messages start with the variable's name, which the problem already carries.
    ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^MODEL_CATALOG /, "") });
    return z.NEVER;
  }
});

const defaults = DEFAULT_TUNING;
const configSchema = z
  .object({
    ENVIRONMENT: optionalText.transform((v) => v ?? "production").pipe(z.enum(["development", "production"])),
    ADMIN_TOKEN: secret(SECRET_MIN_LENGTHS.ADMIN_TOKEN),
    VISITOR_TOKEN_SECRET: secret(SECRET_MIN_LENGTHS.VISITOR_TOKEN_SECRET),
    ENCRYPTION_KEY: secret(SECRET_MIN_LENGTHS.ENCRYPTION_KEY),
    SALES_TOKEN: secret(SECRET_MIN_LENGTHS.SALES_TOKEN),
    ANTHROPIC_API_KEY: optionalText,
    ANTHROPIC_BASE_URL: baseUrl,
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: baseUrl,
    MODEL_CATALOG: catalog,
    /** Workers AI: bound only in production (see wrangler.toml), absent locally and in tests. */
    AI: z
      .custom<Ai>((value) => value === undefined || (typeof value === "object" && value !== null))
      .optional()
      .transform((value) => value ?? null),
    MODEL_MAX_RETRIES: tuningNumber(defaults.maxRetries),
    MODEL_RETRY_BASE_MS: tuningNumber(defaults.retryBaseMs),
    MODEL_RETRY_MAX_WAIT_MS: tuningNumber(defaults.retryMaxWaitMs),
    MODEL_FIRST_EVENT_TIMEOUT_MS: tuningNumber(defaults.firstEventTimeoutMs),
    MODEL_IDLE_TIMEOUT_MS: tuningNumber(defaults.idleTimeoutMs),
    MODEL_BREAKER_FAILURES: tuningNumber(defaults.breakerFailures),
    MODEL_BREAKER_COOLDOWN_MS: tuningNumber(defaults.breakerCooldownMs),
    RESUME_POLL_MS: tuningNumber(defaults.resumePollMs),
    RESUME_MAX_WAIT_MS: tuningNumber(defaults.resumeMaxWaitMs),
    /** How often a waiting turn looks for a client tool's answer from another isolate. */
    TOOL_CLIENT_POLL_MS: tuningNumber(DEFAULT_CLIENT_TOOL_POLL_MS, { positive: true }),
    /** Set only by `npm run bench` (through `--var`) to expose the bare streaming baseline route. */
    BENCH_ROUTES: z
      .string()
      .optional()
      .transform((value) => value === "true"),
  })
  .transform((v) => ({
    environment: v.ENVIRONMENT,
    secrets: {
      ADMIN_TOKEN: v.ADMIN_TOKEN,
      VISITOR_TOKEN_SECRET: v.VISITOR_TOKEN_SECRET,
      ENCRYPTION_KEY: v.ENCRYPTION_KEY,
      SALES_TOKEN: v.SALES_TOKEN,
    } satisfies Record<SecretName, string | null>,
    providers: {
      anthropic: { apiKey: v.ANTHROPIC_API_KEY, baseURL: v.ANTHROPIC_BASE_URL },
      openai: { apiKey: v.OPENAI_API_KEY, baseURL: v.OPENAI_BASE_URL },
      workersAi: v.AI,
      catalog: v.MODEL_CATALOG,
    },
    tuning: {
      maxRetries: v.MODEL_MAX_RETRIES,
      retryBaseMs: v.MODEL_RETRY_BASE_MS,
      retryMaxWaitMs: v.MODEL_RETRY_MAX_WAIT_MS,
      firstEventTimeoutMs: v.MODEL_FIRST_EVENT_TIMEOUT_MS,
      idleTimeoutMs: v.MODEL_IDLE_TIMEOUT_MS,
      breakerFailures: v.MODEL_BREAKER_FAILURES,
      breakerCooldownMs: v.MODEL_BREAKER_COOLDOWN_MS,
      resumePollMs: v.RESUME_POLL_MS,
      resumeMaxWaitMs: v.RESUME_MAX_WAIT_MS,
    } satisfies ModelTuning,
    clientToolPollMs: v.TOOL_CLIENT_POLL_MS,
    benchRoutes: v.BENCH_ROUTES,
  }));

export type AppConfig = z.output<typeof configSchema>;

/** A configuration that cannot be used: a 500 in the one error shape, naming each variable. */
export class ConfigError extends ApiError {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(
      500,
      "internal_error",
      `Invalid configuration: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}.`,
      { problems },
    );
    this.name = "ConfigError";
  }
}

const parsed = new WeakMap<object, AppConfig | ConfigError>();

/** The configuration of this env object, parsed on first use; throws ConfigError when it is invalid. */
export function appConfig(env: object): AppConfig {
  let config = parsed.get(env);
  if (config === undefined) {
    const result = configSchema.safeParse(env);
    config = result.success
      ? result.data
      : new ConfigError(result.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })));
    if (config instanceof ConfigError)
      createLogger().error("config_invalid", { message: config.message, problems: config.problems });
    parsed.set(env, config);
  }
  if (config instanceof ConfigError) throw config;
  return config;
}

/** A secret the caller cannot work without: a 500 that names it when it is unset or too short. */
export function requireSecret(env: object, name: SecretName): string {
  const value = appConfig(env).secrets[name];
  if (value === null) {
    throw new ApiError(500, "internal_error", `${name} is not configured (${SECRET_MIN_LENGTHS[name]}+ characters).`);
  }
  return value;
}

const rawSecrets = z.object(
  Object.fromEntries(
    [...Object.keys(SECRET_MIN_LENGTHS), "ANTHROPIC_API_KEY", "OPENAI_API_KEY"].map((name) => [
      name,
      z.string().optional().catch(undefined),
    ]),
  ),
);

const secretsOf = new WeakMap<object, string[]>();

/**
 * Values no log line may show: the platform's secrets and provider keys, read leniently (never
 * throws) and once per env object, since every turn's logger asks for them.
 */
export function platformSecrets(env: object): string[] {
  let secrets = secretsOf.get(env);
  if (secrets === undefined) {
    const values = rawSecrets.safeParse(env);
    secrets = values.success
      ? Object.values(values.data).filter((value): value is string => typeof value === "string" && value.length >= 8)
      : [];
    secretsOf.set(env, secrets);
  }
  return secrets;
}
