import { documentWidgetApi } from "../openapi/widget-api";
import { openApiApp } from "../openapi/openapi-app";
import { developerRoutes } from "./routes";

/**
 * The OpenAPI 3.1 document of the developer API and the widget API, generated from the routes'
 * zod schemas (the widget API's from the shared protocol schemas it validates with).
 */

const DESCRIPTION = `Use Clawless from your backend with a secret key (\`Authorization: Bearer sk_…\`).

* **Chat completions** are OpenAI-compatible: the official \`openai\` clients work with \`baseURL\` set to this server's \`/v1\`.
* **Sessions** are the conversations your assistant has (the widget's too): list, read, continue, reset, delete.
* **Widget** is what the \`<clawless-chat>\` element calls from your pages, with a publishable key and a visitor token.
* Every POST of the developer API takes an \`Idempotency-Key\` header, so a retry never runs a turn twice.
* Errors share one shape: \`{ "error": { "type", "message", "details"?, "request_id" } }\`.`;

/** Built once: the developer API's routes, plus the widget API's documented paths. */
let documented: ReturnType<typeof openApiApp> | undefined;

function documentedApi() {
  if (!documented) {
    documented = openApiApp().route("/", developerRoutes);
    documentWidgetApi(documented.openAPIRegistry);
  }
  return documented;
}

export function openApiDocument(origin: string) {
  return documentedApi().getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Clawless API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: `${origin}/v1`, description: "This server" }],
    tags: [
      { name: "Chat completions", description: "OpenAI-compatible chat completions." },
      { name: "Sessions", description: "Conversations, their messages, turns and tool log." },
      { name: "Usage", description: "This month's usage against the plan." },
      { name: "Widget", description: "The chat widget's API: publishable key, allowed origin, visitor token." },
    ],
  });
}
