import { PLANS, type PlanLimits } from "../tenants/plans";
import type { Tenant } from "../tenants/tenant";
import { usagePeriod } from "./usage";

/** A tenant's usage in one month, as the operator and the tenant read it. */

export interface UsageTotals {
  messages: number;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
}

export interface UsageReport {
  period: string;
  tier: Tenant["config"]["tier"];
  messages: number;
  input_tokens: number;
  output_tokens: number;
  /** Estimated model cost in US dollars. */
  cost_usd: number;
  limits: PlanLimits;
  resets_at: string;
}

const ZERO: UsageTotals = { messages: 0, input_tokens: 0, output_tokens: 0, cost_micros: 0 };

export async function readUsage(db: D1Database, tenantId: string, period: string): Promise<UsageTotals> {
  const row = await db
    .prepare("SELECT messages, input_tokens, output_tokens, cost_micros FROM usage WHERE tenant_id = ? AND period = ?")
    .bind(tenantId, period)
    .first<UsageTotals>();
  return row ?? ZERO;
}

/** The first instant of the month after `period` ('YYYY-MM'), UTC, in epoch milliseconds. */
export function periodEnd(period: string): number {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return Date.UTC(year, month, 1);
}

export async function usageReport(db: D1Database, tenant: Tenant, period = usagePeriod()): Promise<UsageReport> {
  const totals = await readUsage(db, tenant.id, period);
  return {
    period,
    tier: tenant.config.tier,
    messages: totals.messages,
    input_tokens: totals.input_tokens,
    output_tokens: totals.output_tokens,
    cost_usd: totals.cost_micros / 1_000_000,
    limits: PLANS[tenant.config.tier],
    resets_at: new Date(periodEnd(period)).toISOString(),
  };
}
