import type { ErrorHandler } from "hono";
import type { AppEnv } from "../../../env";
import { asApiError, errorResponse } from "../../../middleware/error-handler";
import type { ApiError, ErrorType } from "../../../http/errors";

/**
 * Errors of /v1/chat/completions: the one error shape, plus the `code` and `param` that OpenAI's
 * clients read (`{ error: { message, type, code, param } }`), so `openai` raises its usual
 * AuthenticationError, NotFoundError, RateLimitError… with a useful code.
 */

const CODES: Record<ErrorType, string> = {
  invalid_request: "invalid_request_error",
  authentication_error: "invalid_api_key",
  permission_denied: "permission_denied",
  not_found: "not_found",
  conflict: "conflict",
  payload_too_large: "payload_too_large",
  rate_limited: "rate_limit_exceeded",
  quota_exceeded: "insufficient_quota",
  upstream_error: "upstream_error",
  internal_error: "internal_error",
};

export function openAiErrorFields(error: ApiError): { code: string; param: string | null } {
  const details = (error.details ?? {}) as { code?: unknown; problems?: { field?: unknown }[] };
  const code = typeof details.code === "string" ? details.code : CODES[error.type];
  const field = details.problems?.[0]?.field;
  return { code, param: typeof field === "string" && field !== "(body)" ? field : null };
}

export const onOpenAiError: ErrorHandler<AppEnv> = (err, c) => {
  const error = asApiError(err, c);
  return errorResponse(c, error, openAiErrorFields(error));
};
