import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { unauthorized } from "../http/errors";
import { verifyVisitor } from "./visitor-token";

export const VISITOR_HEADER = "X-Clawless-Visitor";

/** Requires a valid visitor token for the request's tenant; sets `c.var.visitorId`. */
export function requireVisitor(): MiddlewareHandler<AppEnv> {
  return async function visitorMiddleware(c, next) {
    const token = c.req.header(VISITOR_HEADER);
    if (!token)
      throw unauthorized(`Missing visitor token (${VISITOR_HEADER} header). Call /v1/widget/bootstrap first.`);
    const visitorId = await verifyVisitor(c.env, c.var.tenant.id, token);
    if (!visitorId) throw unauthorized("Invalid visitor token. Call /v1/widget/bootstrap for a new one.");
    c.set("visitorId", visitorId);
    await next();
  };
}
