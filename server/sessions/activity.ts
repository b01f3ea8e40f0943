/**
 * What a tenant's visitors did, read-only: counts and transcripts of its conversations, for the
 * sales trial follow-up (server/trials/). Every query filters by the tenant id it is opened with;
 * the admin trial list gets the same counts as columns of its own query (activityCountColumns).
 */

export interface TranscriptMessage {
  role: "user" | "assistant";
  content: string;
  created_at: number;
}

export interface Transcript {
  session_id: string;
  started_at: number;
  messages: TranscriptMessage[];
}

export interface ActivityStats {
  conversations: number;
  messages: number;
  questions: number;
}

export function sessionActivity(db: D1Database, tenantId: string) {
  return {
    async stats(): Promise<ActivityStats> {
      const row = await db
        .prepare(
          `SELECT COUNT(DISTINCT session_id) AS conversations, COUNT(*) AS messages,
             COALESCE(SUM(role = 'user'), 0) AS questions
           FROM messages WHERE tenant_id = ? AND role IN ('user', 'assistant')`,
        )
        .bind(tenantId)
        .first<ActivityStats>();
      return row ?? { conversations: 0, messages: 0, questions: 0 };
    },

    /** The latest conversations that have messages, newest first, each in message order. */
    async transcripts(limit = 20, messagesPerConversation = 100): Promise<Transcript[]> {
      const { results: sessions } = await db
        .prepare(
          `SELECT s.id, s.created_at FROM sessions s
           WHERE s.tenant_id = ? AND EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = s.tenant_id AND m.session_id = s.id)
           ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`,
        )
        .bind(tenantId, limit)
        .all<{ id: string; created_at: number }>();
      if (sessions.length === 0) return [];
      const batch = await db.batch<TranscriptMessage>(
        sessions.map((s) =>
          db
            .prepare(
              `SELECT role, content, created_at FROM messages
               WHERE tenant_id = ? AND session_id = ? AND role IN ('user', 'assistant')
               ORDER BY seq LIMIT ?`,
            )
            .bind(tenantId, s.id, messagesPerConversation),
        ),
      );
      return sessions.map((s, i) => ({ session_id: s.id, started_at: s.created_at, messages: batch[i]!.results }));
    },
  };
}

/**
 * SQL columns `conversations` (sessions with at least one message) and `messages` for the tenant
 * whose id is the SQL expression `tenantIdSql` (e.g. `trials.tenant_id`), to select beside other
 * rows in one query.
 */
export function activityCountColumns(tenantIdSql: string): string {
  return `(SELECT COUNT(DISTINCT m.session_id) FROM messages m WHERE m.tenant_id = ${tenantIdSql}) AS conversations,
             (SELECT COUNT(*) FROM messages m WHERE m.tenant_id = ${tenantIdSql}) AS messages`;
}
