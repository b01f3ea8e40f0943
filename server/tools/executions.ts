import { decodeCursor, encodeCursor } from "../http/cursor";
import { newId } from "../lib/crypto";

/**
 * The audit log of tool calls (`tool_executions`): every call the model made — run, refused or
 * invalid — with its input, its output truncated to a cap, the error, the duration, the session
 * and the turn. Written as each call ends, so the log survives a turn that fails later on.
 */

/** Characters of input and output kept per execution. */
export const AUDIT_CAP = 8_192;

export interface NewToolExecution {
  sessionId: string;
  /** The visitor's (or API caller's) message the turn answers. */
  messageId: string;
  callId: string;
  tool: string;
  input: unknown;
  output: unknown;
  error: string | null;
  durationMs: number;
}

export interface ToolExecution {
  id: string;
  session_id: string;
  message_id: string | null;
  call_id: string | null;
  tool: string;
  input: string;
  output: string | null;
  error: string | null;
  duration_ms: number;
  created_at: number;
}

export function truncate(text: string, cap = AUDIT_CAP): string {
  return text.length > cap ? `${text.slice(0, cap)}… [truncated, ${text.length} characters]` : text;
}

const asText = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? "null"));

export function toolExecutionStatement(db: D1Database, tenantId: string, execution: NewToolExecution) {
  return db
    .prepare(
      `INSERT INTO tool_executions (id, tenant_id, session_id, message_id, call_id, tool, input, output, error, duration_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      newId("tex"),
      tenantId,
      execution.sessionId,
      execution.messageId,
      execution.callId,
      execution.tool,
      truncate(asText(execution.input)),
      execution.error === null ? truncate(asText(execution.output)) : null,
      execution.error === null ? null : truncate(execution.error),
      Math.max(0, Math.round(execution.durationMs)),
      Date.now(),
    );
}

export async function recordToolExecution(db: D1Database, tenantId: string, execution: NewToolExecution) {
  await toolExecutionStatement(db, tenantId, execution).run();
}

export interface ToolExecutionPage {
  executions: ToolExecution[];
  /** Opaque; pass back as `cursor`. Null on the last page. */
  nextCursor: string | null;
}

const COLUMNS = "id, session_id, message_id, call_id, tool, input, output, error, duration_ms, created_at";

/** A session's tool executions, oldest first, a page at a time (tenant-scoped by construction). */
export async function listToolExecutions(
  db: D1Database,
  tenantId: string,
  sessionId: string,
  options: { limit: number; cursor?: string | null },
): Promise<ToolExecutionPage> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const { results } = await db
    .prepare(
      `SELECT ${COLUMNS} FROM tool_executions
       WHERE tenant_id = ?1 AND session_id = ?2
         AND (?3 IS NULL OR created_at > ?3 OR (created_at = ?3 AND id > ?4))
       ORDER BY created_at, id LIMIT ?5`,
    )
    .bind(tenantId, sessionId, after?.at ?? null, after?.id ?? null, options.limit + 1)
    .all<ToolExecution>();
  const executions = results.slice(0, options.limit);
  const last = executions.at(-1);
  const nextCursor = results.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null;
  return { executions, nextCursor };
}

/** What API clients see of an execution: ISO dates, input and output as stored (JSON text when it parses). */
export function toApiToolExecution(execution: ToolExecution) {
  return {
    id: execution.id,
    session_id: execution.session_id,
    message_id: execution.message_id,
    call_id: execution.call_id,
    tool: execution.tool,
    input: parseOrText(execution.input),
    output: execution.output === null ? null : parseOrText(execution.output),
    error: execution.error,
    duration_ms: execution.duration_ms,
    created_at: new Date(execution.created_at).toISOString(),
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
