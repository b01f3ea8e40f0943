import "@hono/zod-openapi";
import { errorBodySchema as protocolErrorBodySchema } from "../../../protocol/schemas/errors";

/**
 * The one error shape, as a schema for the OpenAPI document (server/middleware/error-handler.ts makes it;
 * protocol/schemas/errors.ts defines it, with the one list of error types).
 */

export const errorBodySchema = protocolErrorBodySchema.openapi("Error");

const DESCRIPTIONS = {
  400: "Invalid request: `error.details.problems` names each field.",
  401: "Missing, malformed, unknown, revoked or expired secret key.",
  403: "The key lacks the route's scope, or the tenant is suspended.",
  404: "Not found (another tenant's id reads exactly like a missing one).",
  409: "Idempotency-Key conflict: reused with another request, or the first request is still running.",
  413: "Body, or a field in it, too large.",
  415: "Content-Type must be application/json.",
  429: "Rate limit or monthly quota reached; see `Retry-After`.",
  502: "No model could answer.",
} as const;

export type ErrorStatus = keyof typeof DESCRIPTIONS;

/** The error responses a route documents, all in the one shape. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: DESCRIPTIONS[status], content: { "application/json": { schema: errorBodySchema } } },
    ]),
  ) as unknown as Record<
    S,
    { description: string; content: { "application/json": { schema: typeof errorBodySchema } } }
  >;
}

/** Every route checks the secret key, its scope and the rate limits. */
export const AUTH_ERRORS = [401, 403, 429] as const;
