import { z } from "zod";

/** Monthly usage per tenant, added to in the same transaction that stores the answer. */

export interface UsageDelta {
  messages: number;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
}

/** A month as the usage reports name it: 'YYYY-MM' (UTC). */
export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month like 2026-11");

/** 'YYYY-MM' in UTC. */
export function usagePeriod(at = Date.now()): string {
  return new Date(at).toISOString().slice(0, 7);
}

export function addUsageStatement(db: D1Database, tenantId: string, delta: UsageDelta, at = Date.now()) {
  return db
    .prepare(
      `INSERT INTO usage (tenant_id, period, messages, input_tokens, output_tokens, cost_micros)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, period) DO UPDATE SET
         messages = messages + excluded.messages,
         input_tokens = input_tokens + excluded.input_tokens,
         output_tokens = output_tokens + excluded.output_tokens,
         cost_micros = cost_micros + excluded.cost_micros`,
    )
    .bind(tenantId, usagePeriod(at), delta.messages, delta.input_tokens, delta.output_tokens, delta.cost_micros);
}
