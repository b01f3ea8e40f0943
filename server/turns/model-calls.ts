import { costMicros, type CatalogEntry, type Usage } from "../models/catalog";
import type { ChatRequest } from "../llm/provider";
import { estimateTokens } from "../llm/tokens";
import { checkRateLimit } from "../rate-limit/rate-limit";
import type { Tenant } from "../tenants/tenant";
import { growHold, type QuotaHold } from "../usage/reservations";
import { callerRateLimit, type TurnCaller } from "./caller";

/**
 * The check before every model call of a turn (each tool round, a compaction summary): the
 * tenant's month must have room for the call's input (the turn's quota hold grows to cover it, see
 * server/usage/reservations.ts), and a turn its caller did not send directly (one started by
 * sessions_send) spends the caller's rate limit, one unit per call, so fanning out costs the
 * sender what the calls would have cost them one by one. A refusal is the text the turn ends with.
 */

export type ModelCallGate = (nextInputTokens: number) => Promise<string | null>;

export interface ModelCallGateInput {
  env: Env;
  tenant: Tenant;
  hold: QuotaHold;
  caller: TurnCaller;
  chargeCallerRateLimit: boolean;
  /** Input tokens the turn has spent so far (reported by the models, or estimated). */
  spent(): number;
}

export function modelCallGate(input: ModelCallGateInput): ModelCallGate {
  return async function admitModelCall(nextInputTokens) {
    if (input.chargeCallerRateLimit) {
      const { scope, id } = callerRateLimit(input.tenant.id, input.caller);
      if (await checkRateLimit(input.env, scope, id)) {
        return "I stopped here: the sender of this message reached their rate limit.";
      }
    }
    if (!(await growHold(input.env.DB, input.tenant, input.hold, input.spent() + nextInputTokens))) {
      return "I stopped here: this assistant has used its monthly quota.";
    }
    return null;
  };
}

/** What a request will cost in input tokens, estimated before it is sent (prompt, history, knowledge, tools). */
export function requestInputTokens(request: ChatRequest): number {
  const parts = [
    request.system,
    ...request.messages.map((m) => m.content + ("tool_calls" in m && m.tool_calls ? JSON.stringify(m.tool_calls) : "")),
    ...request.knowledge.map((k) => `${k.title}\n${k.content}`),
    request.tools ? JSON.stringify(request.tools) : "",
  ];
  return parts.reduce((sum, part) => sum + estimateTokens(part), 0);
}

/** What a turn's model calls have cost so far: tokens and money. */
export interface Spend extends Usage {
  cost_micros: number;
}

export const noSpend = (): Spend => ({ input_tokens: 0, output_tokens: 0, cost_micros: 0 });

/** Adds one model call's usage, priced by its model, to a running total. */
export function addSpend(spend: Spend, entry: CatalogEntry, used: Usage): void {
  spend.input_tokens += used.input_tokens;
  spend.output_tokens += used.output_tokens;
  spend.cost_micros += costMicros(entry, used);
}
