/**
 * The rate limits, one Workers rate-limiting binding each (wrangler.toml `[[ratelimits]]`; keep
 * the numbers here equal to it: the binding enforces them, this table only reports them). The
 * binding counts per Cloudflare location in fixed windows of `period` seconds (10 or 60) and says
 * only whether a request is within the limit, not how many remain.
 */

export type RateLimitScope = "key" | "tenant" | "visitor" | "ip" | "bootstrap";

/** The per-client-IP scopes, checked before the tenant's so that one client's flood is refused without spending the tenant's budget. */
export type ClientRateLimitScope = Extract<RateLimitScope, "ip" | "bootstrap">;

export interface RateLimitRule {
  binding: "RATE_LIMIT_KEY" | "RATE_LIMIT_TENANT" | "RATE_LIMIT_VISITOR" | "RATE_LIMIT_IP" | "RATE_LIMIT_BOOTSTRAP";
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
  /** Every widget request from one client IP to one tenant (several visitors may share an IP behind a NAT). */
  ip: { binding: "RATE_LIMIT_IP", limit: 300, period: 60, per: "client IP" },
  /** Bootstraps (which mint visitor tokens) from one client IP to one tenant: a small budget, so one client cannot mint tokens for everyone. */
  bootstrap: { binding: "RATE_LIMIT_BOOTSTRAP", limit: 30, period: 60, per: "client IP" },
};
