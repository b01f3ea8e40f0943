import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

/** The one JSON error shape, for every error the Worker returns. */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const body = {
    error: {
      type: error.type,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      request_id: c.get("requestId"),
    },
  };
  return c.json(body, error.status, error.headers);
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    // Hono's own middleware (e.g. body limits) throws these; keep the one shape.
    const status = err.status as ApiError["status"];
    const type = status === 413 ? "payload_too_large" : status >= 500 ? "internal_error" : "invalid_request";
    return errorResponse(c, new ApiError(status, type, err.message || "Request failed."));
  }
  console.error(
    JSON.stringify({ level: "error", request_id: c.get("requestId"), error: String(err), stack: (err as Error).stack }),
  );
  return errorResponse(
    c,
    new ApiError(500, "internal_error", "Internal error. Quote the request id when reporting it."),
  );
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new ApiError(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`));
