import { REDACTED, redactValue } from "./redact";

/**
 * The Worker's one logger. Every line is one JSON object with the same fields — `level`, `event`,
 * `request_id` and `tenant_id` when known, then the event's own fields — so Workers Logs can
 * index and filter them. Redaction is on by default: the secrets the logger is given (platform
 * secrets, provider keys), anything shaped like an API key or a bearer token, and fields whose
 * name says they hold a credential. An error is logged with its name, message, stack and its
 * whole `cause` chain, never flattened to a string.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface LogContext {
  requestId?: string;
  tenantId?: string;
  /** Values never to show, wherever they appear (a provider key in an upstream's error, say). */
  secrets?: readonly string[];
  /** Fields added to every line of this logger (e.g. `session_id`, `turn_id`). */
  fields?: LogFields;
}

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** One line from a bag of fields: `level` (default error) and `where` (the event) taken out of it. */
  record(fields: LogFields & { level?: LogLevel; where?: string }): void;
  /** The same logger with more context (ids, secrets, fields) added. */
  child(context: LogContext): Logger;
}

/** Field names whose values are credentials, compared in lower case. */
const CREDENTIAL_FIELDS = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "passcode",
  "secret",
  "token",
  "api_key",
  "apikey",
  "x-api-key",
  "access_token",
  "refresh_token",
  "client_secret",
]);

/** Credentials recognisable by their shape: our secret keys and any bearer token. */
const CREDENTIAL_PATTERNS: [RegExp, string][] = [
  [/\bsk_(live|test)_[0-9A-Za-z]{8,}/g, `sk_$1_${REDACTED}`],
  [/\bBearer\s+[\w.~+/=-]{8,}/gi, `Bearer ${REDACTED}`],
];

/** Deeper values (a cause chain that loops, say) are cut off here. */
const MAX_DEPTH = 8;

const CONSOLE: Record<LogLevel, (line: string) => void> = {
  debug: (line) => console.debug(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

export function createLogger(context: LogContext = {}): Logger {
  const write = (level: LogLevel, event: string, fields: LogFields = {}) => {
    const line = {
      level,
      event,
      ...(context.requestId ? { request_id: context.requestId } : {}),
      ...(context.tenantId ? { tenant_id: context.tenantId } : {}),
      ...context.fields,
      ...fields,
    };
    CONSOLE[level](JSON.stringify(scrub(redactValue(loggable(line, 0), context.secrets ?? []))));
  };
  return {
    debug: (event, fields) => write("debug", event, fields),
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
    record: ({ level = "error", where = "log", ...fields }) => write(level, where, fields),
    child: (more) =>
      createLogger({
        requestId: more.requestId ?? context.requestId,
        tenantId: more.tenantId ?? context.tenantId,
        secrets: [...(context.secrets ?? []), ...(more.secrets ?? [])],
        fields: { ...context.fields, ...more.fields },
      }),
  };
}

/** Errors as plain data, with their cause chain; everything else as JSON would show it. */
function loggable(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value.stack ? { stack: value.stack } : {}),
      ...(value.cause === undefined ? {} : { cause: loggable(value.cause, depth + 1) }),
    };
  }
  if (typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return value.map((item) => loggable(item, depth + 1));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, loggable(item, depth + 1)]));
  }
  return value;
}

function scrub(value: unknown): unknown {
  if (typeof value === "string") return CREDENTIAL_PATTERNS.reduce((text, [re, to]) => text.replace(re, to), value);
  if (Array.isArray(value)) return value.map(scrub);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        CREDENTIAL_FIELDS.has(key.toLowerCase()) && item !== null && item !== undefined ? REDACTED : scrub(item),
      ]),
    );
  }
  return value;
}
