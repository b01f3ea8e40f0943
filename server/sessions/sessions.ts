import { z } from "zod";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { newId } from "../lib/crypto";
import { ownedBySql, type SessionOwner } from "./ownership";

/**
 * The `sessions` table (conversations), opened for one tenant: every statement filters by that
 * tenant id, so no caller can forget it. Messages are in messages.ts; sessionStore()
 * (repository.ts) joins the two.
 */

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

const SESSION_COLUMNS =
  "id, tenant_id, visitor_id, user_id, channel, status, title, summary, summary_through_seq, context_start_seq, created_at, updated_at";
const INSERT_SESSION_COLUMNS =
  "id, tenant_id, visitor_id, user_id, channel, status, title, tool_scope, created_at, updated_at";

const toolScopeSchema = z.array(z.string()).nullable();
const encodeToolScope = (tools: readonly string[] | null | undefined) =>
  tools ? JSON.stringify([...new Set(tools)]) : null;

export function sessionRows(db: D1Database, tenantId: string) {
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
          encodeToolScope(input.toolScope),
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

    /**
     * Sessions, most recently active first, a page at a time. The cursor is the position of the
     * last row returned (updated_at, id), so pages never overlap; a session that becomes active
     * while a client pages moves to the front and is seen on the next first page.
     */
    async list(options: {
      /** Only the conversations this visitor/user may see (ownership.ts). */
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
             AND (?2 IS NULL OR ${ownedBySql("?2", "?3")})
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

    /** On sign-in: the device's unclaimed conversations become the user's, visible on their other devices. */
    async claimVisitorConversations(visitorId: string, userId: string): Promise<void> {
      await db
        .prepare("UPDATE sessions SET user_id = ? WHERE tenant_id = ? AND visitor_id = ? AND user_id IS NULL")
        .bind(userId, tenantId, visitorId)
        .run();
    },

    /**
     * The session's narrowing of the tenant's tools (server/tools/session-scope.ts); null: none.
     * An unreadable scope narrows to nothing rather than widening to everything.
     */
    async toolScope(sessionId: string): Promise<string[] | null> {
      const row = await db
        .prepare("SELECT tool_scope FROM sessions WHERE tenant_id = ? AND id = ?")
        .bind(tenantId, sessionId)
        .first<{ tool_scope: string | null }>();
      if (!row?.tool_scope) return null;
      let value: unknown;
      try {
        value = JSON.parse(row.tool_scope);
      } catch {
        return [];
      }
      const parsed = toolScopeSchema.safeParse(value);
      return parsed.success ? parsed.data : [];
    },

    async setToolScope(sessionId: string, tools: readonly string[] | null): Promise<void> {
      await db
        .prepare("UPDATE sessions SET tool_scope = ? WHERE tenant_id = ? AND id = ?")
        .bind(encodeToolScope(tools), tenantId, sessionId)
        .run();
    },

    /** Marks the session as waiting for a person (the first request's time is kept), as a statement for a batch. */
    needsHumanStatement(sessionId: string, now: number): D1PreparedStatement {
      return db
        .prepare(
          "UPDATE sessions SET needs_human_at = COALESCE(needs_human_at, ?), updated_at = ? WHERE tenant_id = ? AND id = ?",
        )
        .bind(now, now, tenantId, sessionId);
    },
  };
}

/**
 * The tenant a session belongs to, whatever the tenant: the one unscoped lookup, for the
 * benchmark's session-load probe (server/routes/internal/context-load.ts), which is given only a session id.
 */
export async function sessionTenantId(db: D1Database, sessionId: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT tenant_id FROM sessions WHERE id = ?")
    .bind(sessionId)
    .first<{ tenant_id: string }>();
  return row?.tenant_id ?? null;
}
