import type { Context } from "hono";
import { platformSecrets } from "../config";
import type { AppEnv } from "../env";
import { createLogger, type LogContext, type Logger } from "../lib/logger";

/**
 * Loggers that know where they are: a request's carries its request id and tenant id, and every
 * logger made from an env redacts the platform's secrets and provider keys without being told.
 */

/** For code that has an env but no request (the cron, stores). */
export function envLogger(env: object, context: LogContext = {}): Logger {
  return createLogger({ ...context, secrets: [...platformSecrets(env), ...(context.secrets ?? [])] });
}

/** For code inside a request: request_id and tenant_id (once known) on every line. */
export function requestLogger(c: Context<AppEnv>, context: LogContext = {}): Logger {
  return envLogger(c.env, { requestId: c.var.requestId, tenantId: c.var.tenant?.id, ...context });
}
