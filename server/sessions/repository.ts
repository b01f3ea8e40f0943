import { decodeCursor, encodeCursor } from "../http/cursor";
import { newId } from "../lib/crypto";
import { conflict } from "../http/errors";

/**
 * Sessions (conversations) and their messages in D1. The store is opened for one tenant and every
 * statement filters by that tenant id, so no caller can forget it.
 */

/**
 * Whose conversations to list: an anonymous visitor's unclaimed ones, or, for a verified user,
 * every conversation linked to the user plus the device's unclaimed ones (see
 * server/auth/conversation-access.ts).
 */
export interface SessionOwner {
  visitorId: string;
  userId: string | null;
}

export interface SessionRecord {
  id: string;
  tenant_id: string;
  visitor_id: string | null;
  user_id: string | null;
  channel: "widget" | "api";
  status: "active" | "closed";
  title: string | null;
  /** Summary of the messages up to `summary_through_seq`, made when the context was compacted. */
  summary: string | null;
  summary_through_seq: number;
  /** The model's context starts after this seq (moved by a reset); history is kept. */
  context_start_seq: number;
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
  /** JSON: `reply_to` (the user message answered), `thinking`, `tool_calls`, `attempts`. */
  metadata: string | null;
  /** The visitor's thumbs up/down on an assistant message (server/routes/widget/feedback.ts). */
  feedback: "up" | "down" | null;
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
  metadata?: Record<string, unknown> | null;
}

const SESSION_COLUMNS =
  "id, tenant_id, visitor_id, user_id, channel, status, title, summary, summary_through_seq, context_start_seq, created_at, updated_at";
const INSERT_SESSION_COLUMNS =
  "id, tenant_id, visitor_id, user_id, channel, status, title, tool_scope, created_at, updated_at";
const MESSAGE_COLUMNS =
  "id, session_id, seq, role, content, status, model, model_reason, input_tokens, output_tokens, cost_micros, metadata, feedback, created_at";

export interface SessionFilter {
  status?: SessionRecord["status"];
  visitorId?: string;
  userId?: string;
  /** Epoch milliseconds: sessions active at or after this instant. */
  updatedSince?: number;
}

export interface SessionPage {
  sessions: SessionRecord[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** How often an append retries when another writer took the same sequence number. */
const APPEND_ATTEMPTS = 5;

export function sessionStore(db: D1Database, tenantId: string) {
  return {
    async create(input: {
      channel: SessionRecord["channel"];
      visitorId?: string | null;
      userId?: string | null;
      /** Narrows the tenant's tools for this session (server/tools/session-scope.ts); null: no narrowing. */
      toolScope?: readonly string[] | null;
    }): Promise<SessionRecord> {
      const now = Date.now();
      const session: SessionRecord = {
        id: newId("ses"),
        tenant_id: tenantId,
        visitor_id: input.visitorId ?? null,
        user_id: input.userId ?? null,
        channel: input.channel,
        status: "active",
        title: null,
        summary: null,
        summary_through_seq: 0,
        context_start_seq: 0,
        created_at: now,
        updated_at: now,
      };
      await db
        .prepare(`INSERT INTO sessions (${INSERT_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .bind(
          session.id,
          tenantId,
          session.visitor_id,
          session.user_id,
          session.channel,
          session.status,
          null,
          input.toolScope ? JSON.stringify([...new Set(input.toolScope)]) : null,
          now,
          now,
        )
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
    /**
     * Sessions, most recently active first, a page at a time. The cursor is the position of the
     * last row returned (updated_at, id), so pages never overlap; a session that becomes active
     * while a client pages moves to the front and is seen on the next first page.
     */
    async list(options: {
      owner?: SessionOwner;
      /** Plain filters (the developer API's): each one given must match. */
      filter?: SessionFilter;
      limit: number;
      cursor?: string | null;
    }): Promise<SessionPage> {
      const after = options.cursor ? decodeCursor(options.cursor) : null;
      const owner = options.owner ?? null;
      const filter = options.filter ?? {};
      const { results } = await db
        .prepare(
          `SELECT ${SESSION_COLUMNS} FROM sessions
           WHERE tenant_id = ?1
             AND (?2 IS NULL OR (?3 IS NOT NULL AND user_id = ?3) OR (visitor_id = ?2 AND user_id IS NULL))
             AND (?4 IS NULL OR updated_at < ?4 OR (updated_at = ?4 AND id < ?5))
             AND (?7 IS NULL OR status = ?7)
             AND (?8 IS NULL OR visitor_id = ?8)
             AND (?9 IS NULL OR user_id = ?9)
             AND (?10 IS NULL OR updated_at >= ?10)
           ORDER BY updated_at DESC, id DESC LIMIT ?6`,
        )
        .bind(
          tenantId,
          owner?.visitorId ?? null,
          owner?.userId ?? null,
          after?.at ?? null,
          after?.id ?? null,
          options.limit + 1,
          filter.status ?? null,
          filter.visitorId ?? null,
          filter.userId ?? null,
          filter.updatedSince ?? null,
        )
        .all<SessionRecord>();
      const sessions = results.slice(0, options.limit);
      const last = sessions.at(-1);
      const nextCursor = results.length > options.limit && last ? encodeCursor(last.updated_at, last.id) : null;
      return { sessions, nextCursor };
    },

    /** Clears the model's context (summary included) and keeps every message as history. */
    async reset(sessionId: string): Promise<void> {
      await db
        .prepare(
          `UPDATE sessions SET summary = NULL, summary_through_seq = 0, updated_at = ?,
             context_start_seq = (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_id = ?)
           WHERE tenant_id = ? AND id = ?`,
        )
        .bind(Date.now(), sessionId, tenantId, sessionId)
        .run();
    },

    /** Deletes a session with its messages, tool executions and turn events, all or nothing. */
    async delete(sessionId: string): Promise<boolean> {
      const results = await db.batch([
        db.prepare("DELETE FROM turn_events WHERE tenant_id = ? AND session_id = ?").bind(tenantId, sessionId),
        db.prepare("DELETE FROM tool_executions WHERE tenant_id = ? AND session_id = ?").bind(tenantId, sessionId),
        db.prepare("DELETE FROM messages WHERE tenant_id = ? AND session_id = ?").bind(tenantId, sessionId),
        db.prepare("DELETE FROM sessions WHERE tenant_id = ? AND id = ?").bind(tenantId, sessionId),
      ]);
      return (results.at(-1)?.meta.changes ?? 0) > 0;
    },

    /**
     * Stores a compaction summary, unless a newer one is already there or a reset happened after
     * the messages it covers (two turns compacting at once: the one that covers more wins).
     */
    async saveSummary(sessionId: string, summary: string, throughSeq: number): Promise<boolean> {
      const result = await db
        .prepare(
          `UPDATE sessions SET summary = ?, summary_through_seq = ?
           WHERE tenant_id = ? AND id = ? AND summary_through_seq < ? AND context_start_seq < ?`,
        )
        .bind(summary, throughSeq, tenantId, sessionId, throughSeq, throughSeq)
        .run();
      return result.meta.changes > 0;
    },

    /** The messages the model may see: after `afterSeq`, up to and including `throughSeq`. */
    async contextMessages(sessionId: string, afterSeq: number, throughSeq: number, limit: number) {
      const { results } = await db
        .prepare(
          `SELECT ${MESSAGE_COLUMNS} FROM messages
           WHERE tenant_id = ? AND session_id = ? AND seq > ? AND seq <= ? AND role IN ('user', 'assistant')
           ORDER BY seq DESC LIMIT ?`,
        )
        .bind(tenantId, sessionId, afterSeq, throughSeq, limit)
        .all<MessageRecord>();
      return results.reverse();
    },

    /** The stored answer to a user message, if the turn has ended. */
    async findReply(sessionId: string, userMessageId: string): Promise<MessageRecord | null> {
      return db
        .prepare(
          `SELECT ${MESSAGE_COLUMNS} FROM messages
           WHERE tenant_id = ? AND session_id = ? AND role = 'assistant' AND json_extract(metadata, '$.reply_to') = ?`,
        )
        .bind(tenantId, sessionId, userMessageId)
        .first<MessageRecord>();
    },

    async getMessage(sessionId: string, messageId: string): Promise<MessageRecord | null> {
      return db
        .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE tenant_id = ? AND session_id = ? AND id = ?`)
        .bind(tenantId, sessionId, messageId)
        .first<MessageRecord>();
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
          metadata: message.metadata ? JSON.stringify(message.metadata) : null,
          feedback: null,
          created_at: Date.now(),
        };
        const insert = db
          .prepare(
            `INSERT INTO messages (id, tenant_id, session_id, seq, role, content, status, model, model_reason,
               input_tokens, output_tokens, cost_micros, metadata, created_at)
             SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
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
            record.metadata,
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
