import { newId } from "../lib/crypto";
import { conflict } from "../http/errors";

/**
 * Sessions (conversations) and their messages in D1. The store is opened for one tenant and every
 * statement filters by that tenant id, so no caller can forget it.
 */

export interface SessionRecord {
  id: string;
  tenant_id: string;
  visitor_id: string | null;
  user_id: string | null;
  channel: "widget" | "api";
  status: "active" | "closed";
  title: string | null;
  created_at: number;
  updated_at: number;
}

export type MessageRole = "user" | "assistant";

export interface MessageRecord {
  id: string;
  session_id: string;
  seq: number;
  role: MessageRole;
  content: string;
  status: "complete" | "interrupted";
  model: string | null;
  model_reason: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  created_at: number;
}

export interface NewMessage {
  /** Chosen up front when clients must know the id before the message is stored. */
  id?: string;
  role: MessageRole;
  content: string;
  status?: MessageRecord["status"];
  model?: string | null;
  model_reason?: string | null;
  input_tokens?: number;
  output_tokens?: number;
  cost_micros?: number;
}

const SESSION_COLUMNS = "id, tenant_id, visitor_id, user_id, channel, status, title, created_at, updated_at";
const MESSAGE_COLUMNS =
  "id, session_id, seq, role, content, status, model, model_reason, input_tokens, output_tokens, cost_micros, created_at";

/** How often an append retries when another writer took the same sequence number. */
const APPEND_ATTEMPTS = 5;

export function sessionStore(db: D1Database, tenantId: string) {
  return {
    async create(input: { channel: SessionRecord["channel"]; visitorId?: string | null }): Promise<SessionRecord> {
      const now = Date.now();
      const session: SessionRecord = {
        id: newId("ses"),
        tenant_id: tenantId,
        visitor_id: input.visitorId ?? null,
        user_id: null,
        channel: input.channel,
        status: "active",
        title: null,
        created_at: now,
        updated_at: now,
      };
      await db
        .prepare(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .bind(session.id, tenantId, session.visitor_id, null, session.channel, session.status, null, now, now)
        .run();
      return session;
    },

    async get(sessionId: string): Promise<SessionRecord | null> {
      return db
        .prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE tenant_id = ? AND id = ?`)
        .bind(tenantId, sessionId)
        .first<SessionRecord>();
    },

    /** A visitor's own session, or null: someone else's id reads exactly like a missing one. */
    async getForVisitor(sessionId: string, visitorId: string): Promise<SessionRecord | null> {
      return db
        .prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE tenant_id = ? AND id = ? AND visitor_id = ?`)
        .bind(tenantId, sessionId, visitorId)
        .first<SessionRecord>();
    },

    async listForVisitor(visitorId: string, limit: number): Promise<SessionRecord[]> {
      const { results } = await db
        .prepare(
          `SELECT ${SESSION_COLUMNS} FROM sessions WHERE tenant_id = ? AND visitor_id = ?
           ORDER BY updated_at DESC, id DESC LIMIT ?`,
        )
        .bind(tenantId, visitorId, limit)
        .all<SessionRecord>();
      return results;
    },

    /** Messages in ascending order; `beforeSeq` pages backwards from the newest. */
    async listMessages(
      sessionId: string,
      options: { limit: number; beforeSeq?: number },
    ): Promise<{ messages: MessageRecord[]; hasMore: boolean }> {
      const { results } = await db
        .prepare(
          `SELECT ${MESSAGE_COLUMNS} FROM messages
           WHERE tenant_id = ? AND session_id = ? AND seq < ? AND role IN ('user', 'assistant')
           ORDER BY seq DESC LIMIT ?`,
        )
        .bind(tenantId, sessionId, options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit + 1)
        .all<MessageRecord>();
      const hasMore = results.length > options.limit;
      return { messages: results.slice(0, options.limit).reverse(), hasMore };
    },

    /**
     * Appends a message with the next sequence number, computed inside the INSERT so it is atomic.
     * `extra` statements (usage, session bookkeeping) commit in the same transaction, so a turn is
     * stored whole or not at all. Two concurrent appends collide on UNIQUE(session_id, seq); the
     * loser retries with the next number.
     */
    async appendMessage(
      sessionId: string,
      message: NewMessage,
      extra: (messageId: string) => D1PreparedStatement[] = () => [],
    ): Promise<MessageRecord> {
      for (let attempt = 1; ; attempt++) {
        const record = {
          id: message.id ?? newId("msg"),
          session_id: sessionId,
          role: message.role,
          content: message.content,
          status: message.status ?? "complete",
          model: message.model ?? null,
          model_reason: message.model_reason ?? null,
          input_tokens: message.input_tokens ?? 0,
          output_tokens: message.output_tokens ?? 0,
          cost_micros: message.cost_micros ?? 0,
          created_at: Date.now(),
        };
        const insert = db
          .prepare(
            `INSERT INTO messages (id, tenant_id, session_id, seq, role, content, status, model, model_reason,
               input_tokens, output_tokens, cost_micros, created_at)
             SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?
             FROM messages WHERE session_id = ?
             RETURNING seq`,
          )
          .bind(
            record.id,
            tenantId,
            sessionId,
            record.role,
            record.content,
            record.status,
            record.model,
            record.model_reason,
            record.input_tokens,
            record.output_tokens,
            record.cost_micros,
            record.created_at,
            sessionId,
          );
        const touch = db
          .prepare(`UPDATE sessions SET updated_at = ?, title = COALESCE(title, ?) WHERE tenant_id = ? AND id = ?`)
          .bind(record.created_at, message.role === "user" ? titleFrom(message.content) : null, tenantId, sessionId);
        try {
          const [inserted] = await db.batch<{ seq: number }>([insert, touch, ...extra(record.id)]);
          const seq = inserted?.results[0]?.seq;
          if (typeof seq !== "number") throw new Error("INSERT … RETURNING seq returned nothing");
          return { ...record, seq };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          if (attempt >= APPEND_ATTEMPTS) {
            throw conflict("The conversation is changing too fast; retry the message.");
          }
        }
      }
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;

function titleFrom(content: string): string {
  const line = content.trim().split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function isUniqueViolation(error: unknown): boolean {
  return /UNIQUE constraint failed/i.test(String((error as Error)?.message ?? error));
}
