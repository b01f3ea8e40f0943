import { newId } from "../lib/crypto";
import { PLANS } from "../tenants/plans";
import type { Tenant } from "../tenants/tenant";
import { quotaExceeded } from "./quota";
import { addUsageStatement, usagePeriod, type UsageDelta } from "./usage";

/**
 * Quota reservations: why a month's limits hold under concurrency. Checking the usage and counting
 * it after the turn were two steps, so every turn in flight passed the check and a burst of
 * parallel messages ran a tenant far past its plan. Now a turn holds its share before any model
 * runs: one message and the input tokens of its next model call, taken with a single conditional
 * statement (D1 runs one statement at a time, so "settled usage + every live hold + mine <= limit"
 * is checked and taken atomically). Before each further model call the turn grows its hold the same
 * way, so it never spends input tokens nobody admitted. When the turn ends its hold is replaced by
 * the actual usage in the batch that stores the answer; a failed turn releases it. What can still
 * overshoot is only the difference between a call's estimated and its reported input tokens.
 *
 * A hold a crashed Worker never released stops counting at `expires_at` (the turn's time limit and
 * a grace period), and is purged by the next reservation.
 */

/** Past a turn's own time limit, how long its hold still counts (a model call may still be ending). */
const HOLD_GRACE_MS = 5 * 60_000;

export interface QuotaHold {
  /** Null when the plan has no limits: nothing is held or checked, usage is still counted. */
  readonly id: string | null;
  readonly tenantId: string;
  /** Input tokens held so far (grows before each model call). */
  inputTokens: number;
}

/** Usage and live holds of the month, as one SQL expression per column (?2 tenant, ?3 period, ?4 now). */
const inUse = (column: "messages" | "input_tokens") =>
  `(COALESCE((SELECT ${column} FROM usage WHERE tenant_id = ?2 AND period = ?3), 0) +
    COALESCE((SELECT SUM(${column}) FROM usage_reservations WHERE tenant_id = ?2 AND period = ?3 AND expires_at > ?4), 0))`;

/**
 * Holds one message and `inputTokens` of the tenant's month for a turn, or throws the 429 quota
 * error when they do not fit. Call it before anything of the turn is stored.
 */
export async function reserveTurn(
  db: D1Database,
  tenant: Tenant,
  inputTokens: number,
  now = Date.now(),
): Promise<QuotaHold> {
  const plan = PLANS[tenant.config.tier];
  const tokens = Math.max(1, Math.ceil(inputTokens));
  if (plan.monthly_messages === null && plan.monthly_input_tokens === null) {
    return { id: null, tenantId: tenant.id, inputTokens: tokens };
  }
  const id = newId("rsv");
  const period = usagePeriod(now);
  const expiresAt = now + tenant.config.tools.limits.max_turn_ms + HOLD_GRACE_MS;
  const [, inserted] = await db.batch([
    db.prepare("DELETE FROM usage_reservations WHERE tenant_id = ? AND expires_at <= ?").bind(tenant.id, now),
    db
      .prepare(
        `INSERT INTO usage_reservations (id, tenant_id, period, messages, input_tokens, expires_at)
         SELECT ?1, ?2, ?3, 1, ?5, ?6
         WHERE (?7 IS NULL OR ${inUse("messages")} + 1 <= ?7)
           AND (?8 IS NULL OR ${inUse("input_tokens")} + ?5 <= ?8)`,
      )
      .bind(id, tenant.id, period, now, tokens, expiresAt, plan.monthly_messages, plan.monthly_input_tokens),
  ]);
  if ((inserted?.meta.changes ?? 0) > 0) return { id, tenantId: tenant.id, inputTokens: tokens };
  throw await refusal(db, tenant, period, tokens, now);
}

/**
 * Grows a hold so that it covers `totalInputTokens` (what the turn has spent plus its next call),
 * if the month still has room: false means the call must not run.
 */
export async function growHold(
  db: D1Database,
  tenant: Tenant,
  hold: QuotaHold,
  totalInputTokens: number,
  now = Date.now(),
): Promise<boolean> {
  const more = Math.ceil(totalInputTokens) - hold.inputTokens;
  if (more <= 0) return true;
  const limit = PLANS[tenant.config.tier].monthly_input_tokens;
  if (hold.id === null || limit === null) {
    hold.inputTokens += more;
    return true;
  }
  const result = await db
    .prepare(
      `UPDATE usage_reservations SET input_tokens = input_tokens + ?5
       WHERE id = ?1 AND tenant_id = ?2 AND ${inUse("input_tokens")} + ?5 <= ?6`,
    )
    .bind(hold.id, hold.tenantId, usagePeriod(now), now, more, limit)
    .run();
  if (result.meta.changes === 0) return false;
  hold.inputTokens += more;
  return true;
}

/** The statements that replace a hold by the turn's actual usage: run them with the answer's. */
export function settleHoldStatements(db: D1Database, hold: QuotaHold, usage: UsageDelta): D1PreparedStatement[] {
  const add = addUsageStatement(db, hold.tenantId, usage);
  if (hold.id === null) return [add];
  return [
    db.prepare("DELETE FROM usage_reservations WHERE id = ? AND tenant_id = ?").bind(hold.id, hold.tenantId),
    add,
  ];
}

/** Gives a hold back (the turn failed before storing an answer, or never started). */
export async function releaseHold(db: D1Database, hold: QuotaHold): Promise<void> {
  if (hold.id === null) return;
  await db.prepare("DELETE FROM usage_reservations WHERE id = ? AND tenant_id = ?").bind(hold.id, hold.tenantId).run();
}

/** Settles a hold on its own, for a model call whose answer is not stored as a message (stateless completions). */
export async function settleHold(db: D1Database, hold: QuotaHold, usage: UsageDelta): Promise<void> {
  await db.batch(settleHoldStatements(db, hold, usage));
}

async function refusal(db: D1Database, tenant: Tenant, period: string, tokens: number, now: number) {
  const plan = PLANS[tenant.config.tier];
  const row = await db
    .prepare(`SELECT ${inUse("messages")} AS messages, ${inUse("input_tokens")} AS input_tokens`)
    .bind(null, tenant.id, period, now)
    .first<{ messages: number; input_tokens: number }>();
  const used = row ?? { messages: 0, input_tokens: 0 };
  if (plan.monthly_messages !== null && used.messages + 1 > plan.monthly_messages) {
    return quotaExceeded("monthly_messages", used.messages, plan.monthly_messages, "monthly messages", period, now);
  }
  return quotaExceeded(
    "monthly_input_tokens",
    used.input_tokens,
    plan.monthly_input_tokens ?? 0,
    "monthly input tokens",
    period,
    now,
    tokens,
  );
}
