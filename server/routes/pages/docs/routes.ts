import { Hono } from "hono";
import type { AppEnv } from "../../../env";
import { r2Response } from "../../widget/r2-response";
import { notFound } from "../../../http/errors";
import { openApiDocument } from "../../developer/document";
import { DOCS_CSP, DOCS_CSS, DOCS_HTML } from "./docs-page";
import { DOCS_SCRIPT_KEY } from "./docs-script";

/** /openapi.json (the developer API's OpenAPI 3.1 document) and the reference page at /docs. */
export const docsRoutes = new Hono<AppEnv>();

docsRoutes.get("/openapi.json", (c) =>
  // Public and read-only: any origin may read it (code generators, other docs tools).
  c.json(openApiDocument(new URL(c.req.url).origin), 200, { "Access-Control-Allow-Origin": "*" }),
);

docsRoutes.get("/docs", (c) => c.html(DOCS_HTML, 200, { "Content-Security-Policy": DOCS_CSP }));

docsRoutes.get("/docs/docs.js", async (c) => {
  const object = await c.env.FILES.get(DOCS_SCRIPT_KEY, { onlyIf: c.req.raw.headers });
  if (!object) throw notFound("Docs script");
  return r2Response(object, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
});

docsRoutes.get("/docs/docs.css", (c) =>
  c.body(DOCS_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-cache" }),
);
