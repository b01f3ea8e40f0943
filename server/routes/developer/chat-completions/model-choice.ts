import { ApiError } from "../../../http/errors";
import type { TenantCredentials } from "../../../llm/credentials";
import { availableModels } from "../../../llm/routing/router";
import type { Tenant } from "../../../tenants/tenant";

/**
 * The `model` of a developer's request: "auto" lets the router choose (the tenant's pinned model,
 * else the hybrid rule); any other name must be a catalog model this tenant may use now (its plan,
 * its `allowed_models`, a configured provider). Unlike a widget visitor, the developer holds the
 * tenant's own secret key, so naming a model does not need `allow_override` (which guards against
 * visitors choosing expensive models).
 */

export const AUTO_MODEL = "auto";

export function requestedModel(
  env: Env,
  tenant: Tenant,
  credentials: TenantCredentials,
  model: string,
): string | undefined {
  if (model === AUTO_MODEL) return undefined;
  if (availableModels(env, tenant, credentials).some((a) => a.entry.id === model)) return model;
  throw new ApiError(404, "not_found", `The model \`${model}\` does not exist or is not available to this assistant.`, {
    code: "model_not_found",
    problems: [{ field: "model", message: "is not a model this assistant may use" }],
  });
}

/** The tenant as the router sees it for a developer's request: a named model is honoured. */
export function asDeveloper(tenant: Tenant): Tenant {
  return { ...tenant, config: { ...tenant.config, model: { ...tenant.config.model, allow_override: true } } };
}
