import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { unauthorized } from "../http/errors";
import { enforceRateLimit } from "../rate-limit/rate-limit";
import { authenticateVisitor } from "./visitor-revocation";
import { VISITOR_HEADER } from "../../protocol/headers";

export { VISITOR_HEADER };

/**
 * Requires a valid, unrevoked visitor token for the request's tenant (and a verified one when the
 * tenant requires verified identity); sets `c.var.visitorId` and `c.var.userId`, then applies the
 * per-visitor rate limit.
 */
export function requireVisitor(): MiddlewareHandler<AppEnv> {
  return async function visitorMiddleware(c, next) {
    const token = c.req.header(VISITOR_HEADER);
    if (!token)
      throw unauthorized(`Missing visitor token (${VISITOR_HEADER} header). Call /v1/widget/bootstrap first.`);
    const { tenant } = c.var;
    const visitor = await authenticateVisitor(c.env, tenant, token);
    if (!visitor) throw unauthorized("Invalid visitor token. Call /v1/widget/bootstrap for a new one.");
    if (tenant.config.identity.required && visitor.userId === null) {
      throw unauthorized(
        "This assistant is only for signed-in users. Call /v1/widget/bootstrap with an identity_token.",
      );
    }
    c.set("visitorId", visitor.visitorId);
    c.set("userId", visitor.userId);
    await enforceRateLimit(c.env, "visitor", `${tenant.id}:${visitor.visitorId}`);
    await next();
  };
}
