/**
 * The one JSON error shape of every endpoint, and the one list of its `type`s. The server's
 * ApiError (server/http/errors.ts) and the OpenAPI document (server/routes/openapi/error-schemas.ts) both take
 * their types from here; the widget reads the same body.
 */

export const ERROR_TYPES = [
  "invalid_request",
  "authentication_error",
  "permission_denied",
  "not_found",
  "conflict",
  "payload_too_large",
  "rate_limited",
  "quota_exceeded",
  "upstream_error",
  "internal_error",
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

/** `{ error: { type, message, details?, request_id } }`, with the matching 4xx/5xx status. */
export interface ErrorBody {
  error: {
    type: ErrorType;
    message: string;
    /** e.g. `{ problems: [{ field, message }] }` for a 400. */
    details?: unknown;
    /** Only on /v1/chat/completions, for OpenAI's clients: a stable machine-readable code. */
    code?: string | null;
    /** Only on /v1/chat/completions: the request field at fault, when there is one. */
    param?: string | null;
    request_id: string;
  };
}
