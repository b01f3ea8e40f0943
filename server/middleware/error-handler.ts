import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ERROR_PAGE_CSP, renderErrorPage } from "../../demo/error-page";
import type { AppEnv } from "../env";
import { requestLogger } from "../logging/context-logger";
import { ApiError } from "../http/errors";

/**
 * The one JSON error shape, for every error the Worker returns. `extra` adds fields a particular
 * client needs next to them (the OpenAI-compatible endpoint adds `code` and `param`).
 */
export function errorResponse(c: Context<AppEnv>, error: ApiError, extra: Record<string, unknown> = {}): Response {
  const body = {
    error: {
      type: error.type,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      ...extra,
      request_id: c.get("requestId"),
    },
  };
  return c.json(body, error.status, error.headers);
}

/** Any thrown value as an ApiError: known errors keep their meaning, anything else is a logged 500. */
export function asApiError(err: Error, c: Context<AppEnv>): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    // Hono's own middleware (e.g. body limits) throws these; keep the one shape.
    const status = err.status as ApiError["status"];
    const type = status === 413 ? "payload_too_large" : status >= 500 ? "internal_error" : "invalid_request";
    return new ApiError(status, type, err.message || "Request failed.");
  }
  requestLogger(c).error("unhandled_error", { error: err });
  return new ApiError(500, "internal_error", "Internal error. Quote the request id when reporting it.");
}

/** The same error as a page, for routes people open in a browser (marked by server/routes/pages/page-routes.ts). */
function errorPage(c: Context<AppEnv>, error: ApiError): Response {
  const html = renderErrorPage({ status: error.status, message: error.message, requestId: c.get("requestId") });
  return c.html(html, error.status, {
    ...error.headers,
    "Content-Security-Policy": ERROR_PAGE_CSP,
    "Cache-Control": "no-store",
  });
}

/** Decided by the route the request is under, never by its Accept header. */
const respond = (c: Context<AppEnv>, error: ApiError) =>
  c.get("errorsAs") === "html" ? errorPage(c, error) : errorResponse(c, error);

export const onError: ErrorHandler<AppEnv> = (err, c) => respond(c, asApiError(err, c));

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  respond(c, new ApiError(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`));
