import { DEFAULT_RETENTION_DAYS } from "../tenants/config";

/**
 * The daily cron's retention pass. Conversations untouched for longer than their tenant's
 * `retention_days` are deleted with everything that hangs off them (messages, tool executions,
 * turn logs, pending client tool calls go by ON DELETE CASCADE), and so are the tenant's events
 * of that age; request logs go after REQUEST_LOG_DAYS. Deletes run in bounded batches so one run
 * never holds D1 for long; whatever is left is taken by the next run.
 */

export const REQUEST_LOG_DAYS = 30;
const DAY_MS = 86_400_000;
const BATCH = 500;
const MAX_BATCHES = 20;

/** Rows of `table` (aliased `x`, with tenant_id and a time column) older than their tenant's retention. */
const pastRetention = (table: string, time: string) =>
  `DELETE FROM ${table} WHERE rowid IN (
     SELECT x.rowid FROM ${table} x JOIN tenants t ON t.id = x.tenant_id
     WHERE x.${time} < ?1 - COALESCE(json_extract(t.config, '$.retention_days'), ${DEFAULT_RETENTION_DAYS}) * ${DAY_MS}
     LIMIT ${BATCH})
   RETURNING 1`;

export interface PurgeResult {
  sessions: number;
  tenant_events: number;
  request_logs: number;
}

export async function purgeExpiredData(db: D1Database, now = Date.now()): Promise<PurgeResult> {
  return {
    sessions: await inBatches(db.prepare(pastRetention("sessions", "updated_at")).bind(now)),
    tenant_events: await inBatches(db.prepare(pastRetention("tenant_events", "created_at")).bind(now)),
    request_logs: await inBatches(
      db
        .prepare(
          `DELETE FROM request_logs WHERE rowid IN (SELECT rowid FROM request_logs WHERE created_at < ? LIMIT ${BATCH}) RETURNING 1`,
        )
        .bind(now - REQUEST_LOG_DAYS * DAY_MS),
    ),
  };
}

/** Runs a batch-limited DELETE … RETURNING until a batch comes back short (D1's `changes` also counts cascades). */
async function inBatches(statement: D1PreparedStatement): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const { results } = await statement.all();
    deleted += results.length;
    if (results.length < BATCH) break;
  }
  return deleted;
}
