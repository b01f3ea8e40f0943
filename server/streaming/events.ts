import { z } from "zod";

/**
 * The one schema for every Server-Sent Event Clawless sends, shared by the Worker (which
 * validates what it emits in tests) and the widget (which imports the types only, so zod never
 * enters the widget bundle). Each SSE frame is `id: <n>`, `event: <type>`, `data: <json>`, and the
 * JSON repeats `type` so a consumer can parse `data` alone.
 */

export const messageRoleSchema = z.enum(["user", "assistant"]);

/** A stored message as clients see it. `seq` orders messages within a conversation. */
export const messageSchema = z.object({
  id: z.string(),
  conversation_id: z.string(),
  seq: z.number().int().positive(),
  role: messageRoleSchema,
  content: z.string(),
  /** `interrupted`: the answer stopped early (model failure or stop); the text is what was sent. */
  status: z.enum(["complete", "interrupted"]),
  model: z.string().nullable(),
  /** For an answer: the id of the visitor's message it answers (absent on older clients' data). */
  reply_to: z.string().nullable().optional(),
  /** For an answer: the visitor's thumbs up/down, if any. */
  feedback: z.enum(["up", "down"]).nullable().optional(),
  created_at: z.string(),
});
export type Message = z.infer<typeof messageSchema>;

export const streamErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
});

/** The one text a client gets for a failed tool call (see `tool.error`). */
export const TOOL_ERROR_MESSAGE = "The tool call did not succeed.";

export const streamEventSchema = z.discriminatedUnion("type", [
  /** The visitor's message, now stored (it carries its final id and seq). */
  z.object({ type: z.literal("message.user"), message: messageSchema }),
  /** The assistant has started answering; text deltas for `message_id` follow. */
  z.object({
    type: z.literal("message.start"),
    message_id: z.string(),
    model: z.string(),
  }),
  z.object({ type: z.literal("text.delta"), message_id: z.string(), text: z.string() }),
  /**
   * Something the visitor may want to know about this answer: `fallback` (another model answered
   * because the first one failed before any text), `interrupted` (the model failed after text was
   * sent: the answer stops there and is stored as `interrupted`, nothing is re-sent),
   * `tool_limit` (the turn reached its bound on tool rounds or time, and the answer ends there).
   */
  z.object({
    type: z.literal("message.notice"),
    message_id: z.string(),
    code: z.enum(["fallback", "interrupted", "tool_limit"]),
    message: z.string(),
  }),
  /**
   * The assistant calls a tool (`call_id` is the model's id for the call). `status` is what a
   * client may show meanwhile, e.g. "Looking up your order…". Arguments are not streamed: they may
   * hold data the visitor should not see; the audit log (tool executions) has them.
   */
  z.object({
    type: z.literal("tool.call"),
    message_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    status: z.string(),
  }),
  /** A tool call finished. */
  z.object({
    type: z.literal("tool.result"),
    message_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    duration_ms: z.number(),
  }),
  /**
   * A tool call failed (invalid arguments, not permitted, a timeout, an endpoint's error…). Only
   * the model is told why (and the audit log records it): `error` is always TOOL_ERROR_MESSAGE,
   * never text from an upstream, which may carry its internals or a credential.
   */
  z.object({
    type: z.literal("tool.error"),
    message_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    error: z.string(),
  }),
  /**
   * A client tool is to run in the visitor's browser: the widget runs the handler the page
   * registered for `name` (asking the visitor first when `confirm`), then posts the result to
   * `POST /v1/widget/conversations/:id/turns/:turn_id/tool-results` within `timeout_ms`.
   */
  z.object({
    type: z.literal("tool.client_request"),
    message_id: z.string(),
    turn_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    input: z.unknown(),
    confirm: z.boolean(),
    timeout_ms: z.number(),
    status: z.string(),
  }),
  /** The assistant message as stored: its `content` is the concatenation of every delta. */
  z.object({ type: z.literal("message.done"), message: messageSchema }),
  /** The turn failed before an answer could be stored. */
  z.object({ type: z.literal("error"), error: streamErrorSchema }),
]);
export type StreamEvent = z.infer<typeof streamEventSchema>;
export type StreamEventType = StreamEvent["type"];
