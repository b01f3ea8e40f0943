import { appConfig } from "../config";

/**
 * Client-tool calls waiting for the visitor's browser, in D1 (`client_tool_calls`): the turn that
 * asked and the request that answers may run in different isolates or locations, so D1 is the
 * meeting point, and the waiting turn polls it. (Waking the waiter in memory is not an option: in
 * workerd a promise resolved from another request's context does not wake the request waiting on
 * it.)
 */

export interface ClientAnswer {
  output: string;
  isError: boolean;
}

export function clientCallStore(db: D1Database, tenantId: string) {
  return {
    async open(call: { sessionId: string; turnId: string; callId: string; tool: string; expiresAt: number }) {
      await db
        .prepare(
          `INSERT OR REPLACE INTO client_tool_calls (tenant_id, session_id, turn_id, call_id, tool, status, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
        )
        .bind(tenantId, call.sessionId, call.turnId, call.callId, call.tool, Date.now(), call.expiresAt)
        .run();
    },

    /**
     * Records the browser's answer: `answered`, or why not — `unknown` (no such call in this turn
     * of this session) or `closed` (already answered, or its time is up).
     */
    async answer(
      sessionId: string,
      turnId: string,
      callId: string,
      answer: ClientAnswer,
    ): Promise<"answered" | "unknown" | "closed"> {
      const now = Date.now();
      const result = await db
        .prepare(
          `UPDATE client_tool_calls SET status = 'answered', output = ?, is_error = ?, answered_at = ?
           WHERE tenant_id = ? AND session_id = ? AND turn_id = ? AND call_id = ? AND status = 'pending' AND expires_at > ?`,
        )
        .bind(answer.output, answer.isError ? 1 : 0, now, tenantId, sessionId, turnId, callId, now)
        .run();
      if (result.meta.changes > 0) return "answered";
      const exists = await db
        .prepare(
          "SELECT 1 AS x FROM client_tool_calls WHERE tenant_id = ? AND session_id = ? AND turn_id = ? AND call_id = ?",
        )
        .bind(tenantId, sessionId, turnId, callId)
        .first();
      return exists ? "closed" : "unknown";
    },

    /** Waits for the answer until `deadline`, then closes the call (a late answer is refused). */
    async wait(turnId: string, callId: string, deadline: number, pollMs: number): Promise<ClientAnswer | null> {
      for (;;) {
        const row = await db
          .prepare(
            "SELECT status, output, is_error FROM client_tool_calls WHERE tenant_id = ? AND turn_id = ? AND call_id = ?",
          )
          .bind(tenantId, turnId, callId)
          .first<{ status: string; output: string | null; is_error: number }>();
        if (row?.status === "answered") return { output: row.output ?? "", isError: row.is_error === 1 };
        const left = deadline - Date.now();
        if (!row || left <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
      }
      const closed = await db
        .prepare(
          `UPDATE client_tool_calls SET status = 'expired' WHERE tenant_id = ? AND turn_id = ? AND call_id = ? AND status = 'pending'
           RETURNING status`,
        )
        .bind(tenantId, turnId, callId)
        .first();
      if (closed) return null;
      // Answered between the last look and the close.
      const row = await db
        .prepare("SELECT output, is_error FROM client_tool_calls WHERE tenant_id = ? AND turn_id = ? AND call_id = ?")
        .bind(tenantId, turnId, callId)
        .first<{ output: string | null; is_error: number }>();
      return row ? { output: row.output ?? "", isError: row.is_error === 1 } : null;
    },
  };
}

/** How often a waiting turn looks for a client tool's answer from another isolate (TOOL_CLIENT_POLL_MS). */
export function clientPollMs(env: Env): number {
  return appConfig(env).clientToolPollMs;
}
