import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { validationError } from "../../http/validation";

/**
 * A router whose routes are zod schemas first: each `app.openapi(route, handler)` validates the
 * request against the route's schemas and registers it in the OpenAPI document. A failed
 * validation becomes the one error shape here, once, for every route (the same 400/413 with field
 * paths that `parseJsonBody` gives the rest of the Worker).
 */
export function openApiApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues, WHERE[result.target] ?? result.target);
    },
  });
}

const WHERE: Record<string, string> = {
  json: "request body",
  query: "query",
  param: "path",
  header: "header",
};
