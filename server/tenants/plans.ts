import type { Tier } from "./config";

/**
 * What each plan includes per calendar month (UTC). `null` is unlimited. The product plan's numbers;
 * quotas (server/usage/quota.ts) enforce them.
 */
export interface PlanLimits {
  monthly_messages: number | null;
  monthly_input_tokens: number | null;
}

export const PLANS: Record<Tier, PlanLimits> = {
  starter: { monthly_messages: 1_000, monthly_input_tokens: 100_000 },
  pro: { monthly_messages: 10_000, monthly_input_tokens: 1_000_000 },
  business: { monthly_messages: 50_000, monthly_input_tokens: 5_000_000 },
  enterprise: { monthly_messages: null, monthly_input_tokens: null },
};
