import type { SessionRecord } from "../../sessions/repository";
import type { ToolExecutionRecord } from "./tool-executions";

/** What the developer API shows of stored records: ISO dates, no tenant ids, no bookkeeping. */

export function toApiSession(session: SessionRecord) {
  return {
    id: session.id,
    title: session.title,
    status: session.status,
    channel: session.channel,
    visitor_id: session.visitor_id,
    user_id: session.user_id,
    created_at: new Date(session.created_at).toISOString(),
    updated_at: new Date(session.updated_at).toISOString(),
  };
}

export function toApiToolExecution(execution: ToolExecutionRecord) {
  return {
    id: execution.id,
    message_id: execution.message_id,
    tool: execution.tool,
    input: jsonOrText(execution.input),
    output: execution.output === null ? null : jsonOrText(execution.output),
    error: execution.error,
    duration_ms: execution.duration_ms,
    created_at: new Date(execution.created_at).toISOString(),
  };
}

/** Tools log JSON; anything else is shown as the text it is. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
