import { developerApi } from "./routes";

/** The OpenAPI 3.1 document of the developer API, generated from the routes' zod schemas. */

const DESCRIPTION = `Use Clawless from your backend with a secret key (\`Authorization: Bearer sk_…\`).

* **Chat completions** are OpenAI-compatible: the official \`openai\` clients work with \`baseURL\` set to this server's \`/v1\`.
* **Sessions** are the conversations your assistant has (the widget's too): list, read, continue, reset, delete.
* Every POST takes an \`Idempotency-Key\` header, so a retry never runs a turn twice.
* Errors share one shape: \`{ "error": { "type", "message", "details"?, "request_id" } }\`.`;

export function openApiDocument(origin: string) {
  return developerApi.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: "Clawless API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: `${origin}/v1`, description: "This server" }],
    tags: [
      { name: "Chat completions", description: "OpenAI-compatible chat completions." },
      { name: "Sessions", description: "Conversations, their messages, turns and tool log." },
      { name: "Usage", description: "This month's usage against the plan." },
    ],
  });
}
