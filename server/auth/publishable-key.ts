import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { errorResponse } from "../middleware/error-handler";
import { ApiError, forbidden } from "../http/errors";
import { clientIp } from "../rate-limit/client-ip";
import type { ClientRateLimitScope, RateLimitScope } from "../rate-limit/limits";
import { checkRateLimits } from "../rate-limit/rate-limit";
import { isOriginAllowed } from "../tenants/origins";
import { resolveKey } from "../tenants/resolve";

/**
 * Guards the widget endpoints. The publishable key travels in the query string (`?key=pk_…`) so
 * that even a CORS preflight, which carries no headers of ours, can be checked against the
 * tenant's allowed origins: CORS headers are only ever sent to an allowed origin, and any other
 * origin gets 403 and no data. A suspended tenant's key is 403; a deleted tenant's, 401. Requests
 * from an allowed origin count first against their client IP's limit for this tenant, then (only
 * if that allowed them) against the tenant's, so one client's flood cannot use up the tenant's
 * budget for every other visitor; a 429 carries CORS headers so the widget can read its Retry-After.
 */

const ALLOWED_HEADERS = "Content-Type, X-Clawless-Visitor, Last-Event-ID";
const EXPOSED_HEADERS = "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";

export interface PublishableKeyAuthOptions {
  /** Which per-client-IP budget a request counts against (bootstrap has its own, smaller one). */
  clientScope?: (c: Context<AppEnv>) => ClientRateLimitScope;
}

export function publishableKeyAuth({
  clientScope = () => "ip",
}: PublishableKeyAuthOptions = {}): MiddlewareHandler<AppEnv> {
  return async function publishableKeyMiddleware(c, next) {
    const origin = c.req.header("origin");
    let tenantId: string;
    try {
      const { key, tenant } = await resolveKey(c.env, keyFrom(c), "publishable");
      // Set before the checks below so that even a refused request is logged against its tenant.
      c.set("tenant", tenant);
      c.set("key", key);
      tenantId = tenant.id;
      if (!origin) throw forbidden("Widget requests must come from a browser page (no Origin header).");
      if (!isOriginAllowed(origin, tenant.config.allowed_origins)) {
        throw forbidden(`Origin ${origin} is not allowed for this key.`);
      }
      if (tenant.status !== "active") throw forbidden("This assistant is currently unavailable.");
    } catch (error) {
      // Errors before the origin is known to be allowed carry no CORS headers: the page learns nothing.
      if (!(error instanceof ApiError)) throw error;
      return errorResponse(c, error);
    }
    if (c.req.method === "OPTIONS") {
      c.res = new Response(null, { status: 204 });
      c.res.headers.set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
      c.res.headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      c.res.headers.set("Access-Control-Max-Age", "600");
    } else {
      const ip = clientIp(c.req.raw.headers);
      const checks: [RateLimitScope, string][] = ip === null ? [] : [[clientScope(c), `${tenantId}:${ip}`]];
      const limited = await checkRateLimits(c.env, [...checks, ["tenant", tenantId]]);
      if (limited) c.res = errorResponse(c, limited);
      else await next();
    }
    setCorsHeaders(c, origin);
  };
}

function keyFrom(c: Context<AppEnv>): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  return c.req.query("key") ?? bearer;
}

function setCorsHeaders(c: Context<AppEnv>, origin: string) {
  const set = (name: string, value: string) => c.res.headers.set(name, value);
  try {
    set("Access-Control-Allow-Origin", origin);
  } catch {
    c.res = new Response(c.res.body, c.res);
    set("Access-Control-Allow-Origin", origin);
  }
  set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  c.res.headers.append("Vary", "Origin");
}
