/**
 * The rate limits, one Workers rate-limiting binding each (wrangler.toml `[[ratelimits]]`; keep
 * the numbers here equal to it: the binding enforces them, this table only reports them). The
 * binding counts per Cloudflare location in fixed windows of `period` seconds (10 or 60) and says
 * only whether a request is within the limit, not how many remain.
 */

export type RateLimitScope = "key" | "tenant" | "visitor";

export interface RateLimitRule {
  binding: "RATE_LIMIT_KEY" | "RATE_LIMIT_TENANT" | "RATE_LIMIT_VISITOR";
  limit: number;
  period: 10 | 60;
  /** What the limit is counted per, for messages. */
  per: string;
}

export const RATE_LIMITS: Record<RateLimitScope, RateLimitRule> = {
  /** Every request made with one secret key. */
  key: { binding: "RATE_LIMIT_KEY", limit: 300, period: 60, per: "API key" },
  /** Every widget and API request of one tenant: the platform's protection against one tenant's flood. */
  tenant: { binding: "RATE_LIMIT_TENANT", limit: 1200, period: 60, per: "tenant" },
  /** Every conversation request of one widget visitor (one device). */
  visitor: { binding: "RATE_LIMIT_VISITOR", limit: 60, period: 60, per: "visitor" },
};
