/**
 * The idempotency_keys table, opened for one tenant (every statement filters by it). A key is
 * claimed by the first request that uses it; the response is stored when it ends.
 */

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { outcome: "claimed" }
  | { outcome: "mismatch" }
  | { outcome: "running" }
  | { outcome: "done"; response: StoredResponse };

interface Row {
  fingerprint: string;
  state: "running" | "done";
  status: number | null;
  headers: string | null;
  body: string | null;
}

export function idempotencyStore(db: D1Database, tenantId: string) {
  return {
    /**
     * Claims `key` for a request with this fingerprint, or says what holds it. An expired row, or
     * one left 'running' for longer than `abandonAfterMs` (its Worker died mid-request), is taken over.
     */
    async claim(key: string, fingerprint: string, ttlMs: number, abandonAfterMs: number, now = Date.now()) {
      const claimed = await db
        .prepare(
          `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, created_at, expires_at)
           VALUES (?1, ?2, ?3, 'running', ?4, ?5)
           ON CONFLICT (tenant_id, key) DO UPDATE SET
             fingerprint = excluded.fingerprint, state = 'running', status = NULL, headers = NULL, body = NULL,
             created_at = excluded.created_at, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= ?4
              OR (idempotency_keys.state = 'running' AND idempotency_keys.created_at <= ?6)
           RETURNING key`,
        )
        .bind(tenantId, key, fingerprint, now, now + ttlMs, now - abandonAfterMs)
        .first();
      if (claimed) return { outcome: "claimed" } satisfies Claim;
      const row = await db
        .prepare(
          "SELECT fingerprint, state, status, headers, body FROM idempotency_keys WHERE tenant_id = ? AND key = ?",
        )
        .bind(tenantId, key)
        .first<Row>();
      // Gone between the two statements (released by a failing first request): treat it as running,
      // the client's retry claims it.
      if (!row) return { outcome: "running" } satisfies Claim;
      if (row.fingerprint !== fingerprint) return { outcome: "mismatch" } satisfies Claim;
      if (row.state === "running") return { outcome: "running" } satisfies Claim;
      return {
        outcome: "done",
        response: { status: row.status ?? 200, headers: JSON.parse(row.headers ?? "{}"), body: row.body ?? "" },
      } satisfies Claim;
    },

    async complete(key: string, response: StoredResponse): Promise<void> {
      await db
        .prepare(
          `UPDATE idempotency_keys SET state = 'done', status = ?, headers = ?, body = ?
           WHERE tenant_id = ? AND key = ? AND state = 'running'`,
        )
        .bind(response.status, JSON.stringify(response.headers), response.body, tenantId, key)
        .run();
    },

    /** Forgets a claim whose request should be retryable (a 429 or a 5xx): nothing was done. */
    async release(key: string): Promise<void> {
      await db
        .prepare("DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND state = 'running'")
        .bind(tenantId, key)
        .run();
    },

    async sweepExpired(now = Date.now()): Promise<void> {
      await db
        .prepare("DELETE FROM idempotency_keys WHERE tenant_id = ? AND expires_at <= ?")
        .bind(tenantId, now)
        .run();
    },
  };
}
