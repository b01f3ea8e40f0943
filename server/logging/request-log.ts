import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../env";
import { inBackground } from "./background";

/**
 * Logs every request to `request_logs`: request id, tenant, key id, route pattern (never the URL,
 * whose query string may carry a key), status, duration. Never secrets or bodies. Written with
 * waitUntil after the response is sent. The duration is to the response's headers: a streamed
 * answer goes on after it. (In Workers, the clock advances with I/O, not while the CPU is busy.)
 */

export interface RequestLogEntry {
  id: string;
  tenant_id: string | null;
  key_id: string | null;
  method: string;
  route: string;
  status: number;
  duration_ms: number;
  created_at: number;
}

export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function requestLogMiddleware(c, next) {
    const started = Date.now();
    await next();
    const entry: RequestLogEntry = {
      id: c.var.requestId,
      tenant_id: c.var.tenant?.id ?? null,
      key_id: c.var.key?.id ?? null,
      method: c.req.method,
      route: routePattern(c),
      status: c.res.status,
      duration_ms: Date.now() - started,
      created_at: started,
    };
    inBackground(c, "request log", () => writeRequestLog(c.env.DB, entry));
  };
}

/** The last route the request matched; only catch-all middleware matched means no route did. */
function routePattern(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  const last = matchedRoutes(c).at(-1)?.path;
  return last === undefined || last === "*" || last === "/*" ? "(no route)" : last;
}

export async function writeRequestLog(db: D1Database, entry: RequestLogEntry): Promise<void> {
  await db
    .prepare(
      `INSERT INTO request_logs (id, tenant_id, key_id, method, route, status, duration_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      entry.id,
      entry.tenant_id,
      entry.key_id,
      entry.method,
      entry.route,
      entry.status,
      entry.duration_ms,
      entry.created_at,
    )
    .run();
}

/** A tenant's log lines, newest first, for the operator. */
export async function listRequestLogs(
  db: D1Database,
  tenantId: string,
  options: { limit: number; before?: number },
): Promise<RequestLogEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT id, tenant_id, key_id, method, route, status, duration_ms, created_at FROM request_logs
       WHERE tenant_id = ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(tenantId, options.before ?? Number.MAX_SAFE_INTEGER, options.limit)
    .all<RequestLogEntry>();
  return results;
}
