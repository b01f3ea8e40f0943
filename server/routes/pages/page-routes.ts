import type { MiddlewareHandler } from "hono";
import { trimTrailingSlash } from "hono/trailing-slash";
import type { AppEnv } from "../../env";

/**
 * What makes a route group a set of pages (/demo, /docs) rather than an API: links to it are
 * pasted into mail and chat, which often adds a trailing slash, so `GET /demo/t/<id>/` redirects
 * (301, query kept) to the one canonical URL; and its errors are HTML pages, never the JSON error
 * shape (see middleware/error-handler.ts). Decided by the route a request is under, not by its Accept.
 */
export function pageRoutes(): MiddlewareHandler<AppEnv> {
  const canonical = trimTrailingSlash({ alwaysRedirect: true });
  return async function pageRoutesMiddleware(c, next) {
    c.set("errorsAs", "html");
    return canonical(c, next);
  };
}
