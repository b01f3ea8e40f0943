import type { Tenant } from "../tenants/tenant";
import { OFFLINE_MODEL, offlineResponder } from "./offline/offline-responder";
import type { ModelProvider } from "./provider";

/**
 * Picks the model for a turn and says why. With no provider configured, the offline responder
 * answers; real providers and the routing rules plug in here.
 */

export interface ModelChoice {
  provider: ModelProvider;
  model: string;
  reason: string;
}

export function chooseModel(_env: Env, _tenant: Tenant): ModelChoice {
  return { provider: offlineResponder, model: OFFLINE_MODEL, reason: "no model provider configured" };
}
