/**
 * What the prospect did with their trial: counts and transcripts, read-only, for one tenant.
 * Every query filters by the tenant id it is opened with.
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

export interface FollowUpStats {
  conversations: number;
  messages: number;
  questions: number;
}

export function followUp(db: D1Database, tenantId: string) {
  return {
    async stats(): Promise<FollowUpStats> {
      const row = await db
        .prepare(
          `SELECT COUNT(DISTINCT session_id) AS conversations, COUNT(*) AS messages,
             COALESCE(SUM(role = 'user'), 0) AS questions
           FROM messages WHERE tenant_id = ? AND role IN ('user', 'assistant')`,
        )
        .bind(tenantId)
        .first<FollowUpStats>();
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
