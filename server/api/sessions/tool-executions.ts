import { base64UrlDecode, base64UrlEncode, utf8 } from "../../lib/crypto";
import { badRequest } from "../../http/errors";

/**
 * The tool execution log of a session, read for the developer API. Tenant-scoped by construction
 * (the tenant id comes first); oldest first, a page at a time with an opaque cursor.
 */

export interface ToolExecutionRecord {
  id: string;
  session_id: string | null;
  message_id: string | null;
  tool: string;
  input: string;
  output: string | null;
  error: string | null;
  duration_ms: number;
  created_at: number;
}

export async function listToolExecutions(
  db: D1Database,
  tenantId: string,
  sessionId: string,
  options: { limit: number; cursor?: string },
): Promise<{ executions: ToolExecutionRecord[]; nextCursor: string | null }> {
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const { results } = await db
    .prepare(
      `SELECT id, session_id, message_id, tool, input, output, error, duration_ms, created_at FROM tool_executions
       WHERE tenant_id = ?1 AND session_id = ?2
         AND (?3 IS NULL OR created_at > ?3 OR (created_at = ?3 AND id > ?4))
       ORDER BY created_at, id LIMIT ?5`,
    )
    .bind(tenantId, sessionId, after?.createdAt ?? null, after?.id ?? null, options.limit + 1)
    .all<ToolExecutionRecord>();
  const executions = results.slice(0, options.limit);
  const last = executions.at(-1);
  const nextCursor =
    results.length > options.limit && last ? base64UrlEncode(utf8(JSON.stringify([last.created_at, last.id]))) : null;
  return { executions, nextCursor };
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  try {
    const [createdAt, id] = JSON.parse(new TextDecoder().decode(base64UrlDecode(cursor))) as unknown[];
    if (typeof createdAt === "number" && typeof id === "string") return { createdAt, id };
  } catch {
    // fall through
  }
  throw badRequest("Invalid cursor.", {
    problems: [{ field: "cursor", message: "is not a cursor this API returned" }],
  });
}
