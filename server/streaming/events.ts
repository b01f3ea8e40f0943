/**
 * The server's handle on the SSE event protocol. The types and the zod schema live in the shared
 * top-level protocol/ module (types in protocol/events.ts, which the widget imports; the schema in
 * protocol/schemas/events.ts, which only the server does); this file keeps the server's import
 * path.
 */
export { messageRoleSchema, messageSchema, streamErrorSchema, streamEventSchema } from "../../protocol/schemas/events";
export { TOOL_ERROR_MESSAGE } from "../../protocol/events";
export type { Message, NoticeCode, StreamEvent, StreamEventType } from "../../protocol/events";
