/**
 * The `model` of a developer's request: "auto" lets the router choose (the tenant's pinned model,
 * else the hybrid rule); any other name is passed to the router, which honours it for a secret-key
 * caller if this tenant may use that model now (its plan, its `allowed_models`, a configured
 * provider), and answers 404 `model_not_found` otherwise (server/llm/router.ts).
 */

export const AUTO_MODEL = "auto";

/** The model to ask the router for: none for "auto". */
export function namedModel(model: string): string | undefined {
  return model === AUTO_MODEL ? undefined : model;
}
