import { usageRoutes } from "./usage";
import { chatCompletionsRoutes } from "./chat-completions/routes";
import { openApiApp } from "../openapi/openapi-app";
import { sessionRoutes } from "./sessions/routes";

/**
 * The developer API under /v1, for a tenant's backend with a secret key: OpenAI-compatible chat
 * completions, sessions and usage. Every route is a zod-described OpenAPI route, so the document
 * at /openapi.json is generated from the same schemas that validate requests. No `use("*")` here:
 * this app is mounted at /v1 next to the widget API, whose requests must not pass through it.
 */
export const developerRoutes = openApiApp();

developerRoutes.openAPIRegistry.registerComponent("securitySchemes", "secretKey", {
  type: "http",
  scheme: "bearer",
  description: "A secret key (`sk_live_…` or `sk_test_…`) with the scope the route names.",
});

developerRoutes.route("/", chatCompletionsRoutes);
developerRoutes.route("/sessions", sessionRoutes);
developerRoutes.route("/usage", usageRoutes);
