import type { ErrorType } from "../../protocol/errors";

/**
 * The one error type of the Worker. Anything thrown as an ApiError becomes the one JSON error
 * shape `{ error: { type, message, details?, request_id } }` with its status; anything else is a
 * logged 500 (see error-handler.ts). The list of error types is protocol/errors.ts, shared with the widget.
 */
export type { ErrorType };

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 502 | 503,
    readonly type: ErrorType,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, "invalid_request", message, details);

export const unauthorized = (message: string) => new ApiError(401, "authentication_error", message);

export const forbidden = (message: string, details?: unknown) =>
  new ApiError(403, "permission_denied", message, details);

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found.`);

export const conflict = (message: string, details?: unknown) => new ApiError(409, "conflict", message, details);

export const payloadTooLarge = (message: string, details?: unknown) =>
  new ApiError(413, "payload_too_large", message, details);

/** 429 for a rate or quota limit: always with Retry-After (seconds), plus any RateLimit-* headers. */
export const tooManyRequests = (
  type: "rate_limited" | "quota_exceeded",
  message: string,
  retryAfterSeconds: number,
  details: unknown,
  headers: Record<string, string> = {},
) =>
  new ApiError(429, type, message, details, {
    "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
    ...headers,
  });
