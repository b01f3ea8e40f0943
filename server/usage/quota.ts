import { tooManyRequests } from "../http/errors";
import { PLANS } from "../tenants/plans";
import type { Tenant } from "../tenants/tenant";
import { periodEnd, readUsage } from "./report";
import { usagePeriod } from "./usage";

/**
 * Monthly quotas, checked before a model is called (and before the visitor's message is stored, so
 * a refused message writes nothing); usage is counted after each answered turn (run-turn.ts). A
 * check and the count it reads are not one transaction, so turns already in flight when the limit
 * is reached still complete: the overshoot is at most the number of concurrent turns.
 */
export async function enforceQuota(db: D1Database, tenant: Tenant, now = Date.now()): Promise<void> {
  const plan = PLANS[tenant.config.tier];
  if (plan.monthly_messages === null && plan.monthly_input_tokens === null) return;
  const period = usagePeriod(now);
  const used = await readUsage(db, tenant.id, period);
  const resets = periodEnd(period);
  const over = (quota: string, usedValue: number, limit: number | null, what: string) => {
    if (limit === null || usedValue < limit) return;
    const resetsAt = new Date(resets).toISOString();
    throw tooManyRequests(
      "quota_exceeded",
      `This assistant has used its ${what} for this month (${limit}). It resets on ${resetsAt.slice(0, 10)}.`,
      (resets - now) / 1000,
      { quota, used: usedValue, limit, resets_at: resetsAt },
    );
  };
  over("monthly_messages", used.messages, plan.monthly_messages, "monthly messages");
  over("monthly_input_tokens", used.input_tokens, plan.monthly_input_tokens, "monthly input tokens");
}
