import { availableModels as modelsFor } from "../llm/routing/router";
import { OFFLINE_MODEL } from "../models/catalog";
import { tenantConfigSchema } from "../tenants/config";
import type { Tenant } from "../tenants/tenant";

/**
 * The models a salesperson may pick for a trial: the configured models a starter tenant may use
 * (the router's own rule, so the trial gets exactly what it shows), and always the offline
 * responder. Picking the offline responder pins no model (`model.default_model = null`).
 */

export interface ModelOption {
  /** The value of the form's select; "offline" stands for null. */
  value: string;
  /** What `model.default_model` becomes. */
  id: string | null;
  label: string;
}

export const OFFLINE_OPTION: ModelOption = {
  value: "offline",
  id: null,
  label: "Offline responder (answers from the knowledge, no model)",
};

/** A stand-in tenant with the trial's plan, to ask the router what that plan can use. */
const TRIAL_TENANT: Tenant = {
  id: "tnt_trial_models",
  name: "trial",
  status: "active",
  config: tenantConfigSchema.parse({ tier: "starter" }),
  created_at: 0,
  updated_at: 0,
};

export function availableModels(env: Env): ModelOption[] {
  const models = modelsFor(env, TRIAL_TENANT, {})
    .map(({ entry }) => entry)
    .filter((entry) => entry.id !== OFFLINE_MODEL)
    .map((entry) => ({ value: entry.id, id: entry.id, label: `${entry.id} (${entry.provider})` }));
  return [...models, OFFLINE_OPTION];
}
