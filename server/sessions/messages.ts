import { conflict } from "../http/errors";
import { newId } from "../lib/crypto";
import type { Rating } from "../../protocol/events";
import { encodeMessageMetadata, type MessageMetadata } from "./message-metadata";
import { ownedBySql, type SessionOwner } from "./ownership";

/**
 * The `messages` table, opened for one tenant: every statement filters by that tenant id.
 * Appending also touches its session (activity time, title) in the same transaction.
 */

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
  /** JSON, read with readMessageMetadata (message-metadata.ts). */
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
  metadata?: MessageMetadata | null;
}

const MESSAGE_COLUMNS =
  "id, session_id, seq, role, content, status, model, model_reason, input_tokens, output_tokens, cost_micros, metadata, feedback, created_at";

/** How often an append retries when another writer took the same sequence number. */
const APPEND_ATTEMPTS = 5;

export function messageRows(db: D1Database, tenantId: string) {
  return {
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
     * Sets (or, with null, takes back) the rating of an assistant message in a conversation `owner`
     * may see (ownership.ts). False when there is no such message for them.
     */
    async rateMessage(input: {
      owner: SessionOwner;
      sessionId: string;
      messageId: string;
      rating: Rating;
    }): Promise<boolean> {
      const result = await db
        .prepare(
          `UPDATE messages SET feedback = ?1, feedback_at = ?2
           WHERE tenant_id = ?3 AND id = ?4 AND session_id = ?5 AND role = 'assistant'
             AND EXISTS (SELECT 1 FROM sessions WHERE tenant_id = ?3 AND id = ?5 AND ${ownedBySql("?7", "?6")})`,
        )
        .bind(
          input.rating,
          input.rating === null ? null : Date.now(),
          tenantId,
          input.messageId,
          input.sessionId,
          input.owner.userId,
          input.owner.visitorId,
        )
        .run();
      return result.meta.changes === 1;
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
          metadata: encodeMessageMetadata(message.metadata),
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

function titleFrom(content: string): string {
  const line = content.trim().split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

function isUniqueViolation(error: unknown): boolean {
  return /UNIQUE constraint failed/i.test(String((error as Error)?.message ?? error));
}
