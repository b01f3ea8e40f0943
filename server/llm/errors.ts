/**
 * What went wrong with a model call, in the terms the fallback chain decides on. Both SDKs throw
 * an APIError with `status` and `headers` (none for connection errors and for an `error` event
 * inside a 200 stream); everything else thrown while streaming is a broken connection.
 */

export type FailureKind =
  | "rate_limited"
  | "overloaded"
  | "server_error"
  | "timeout"
  | "connection"
  | "stream_error"
  | "auth"
  | "bad_request"
  | "not_configured";

export class ModelError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** From `retry-after-ms` / `retry-after`, when the provider sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ModelError";
  }

  /** Worth trying the same model again after a pause. */
  get retryable(): boolean {
    return ["rate_limited", "overloaded", "server_error", "timeout", "connection", "stream_error"].includes(this.kind);
  }

  /** Says the provider is unhealthy (for the circuit breaker), not that the request was bad. */
  get countsAgainstProvider(): boolean {
    return this.retryable;
  }
}

interface ApiErrorLike {
  status?: number;
  headers?: Headers | Record<string, string> | null;
  type?: string | null;
  error?: { type?: string; error?: { type?: string } } | null;
  name?: string;
  message?: string;
}

export function classifyError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  const e = (error ?? {}) as ApiErrorLike;
  const message = String(e.message ?? error);
  const status = typeof e.status === "number" ? e.status : undefined;
  const retryAfterMs = retryAfter(e.headers);
  const errorType = e.type ?? e.error?.error?.type ?? e.error?.type ?? "";
  if (status === undefined) {
    if (/timeout/i.test(e.name ?? "")) return new ModelError("timeout", message);
    if (/ConnectionError/.test(e.name ?? "")) return new ModelError("connection", message);
    if (e.name === "APIError" || errorType) {
      return new ModelError(errorType === "overloaded_error" ? "overloaded" : "stream_error", message);
    }
    return new ModelError("connection", message);
  }
  if (status === 429) return new ModelError("rate_limited", message, status, retryAfterMs);
  if (status === 529 || errorType === "overloaded_error")
    return new ModelError("overloaded", message, status, retryAfterMs);
  if (status === 408) return new ModelError("timeout", message, status, retryAfterMs);
  if (status === 409 || status >= 500) return new ModelError("server_error", message, status, retryAfterMs);
  if (status === 401 || status === 403) return new ModelError("auth", message, status);
  return new ModelError("bad_request", message, status);
}

/** Milliseconds from `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
export function retryAfter(headers: ApiErrorLike["headers"], now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : ((headers as Record<string, string>)[name] ?? null);
  const ms = Number(get("retry-after-ms"));
  if (get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
