import type { Assert, Equals } from "./type-equality";

/**
 * Every Server-Sent Event Clawless sends, as plain types and constants (no zod): the widget
 * imports these, the server's schema (protocol/schemas/events.ts) is checked against them at
 * compile time. Each SSE frame is `id: <n>`, `event: <type>`, `data: <json>`, and the JSON repeats
 * `type` so a consumer can parse `data` alone.
 */

export type MessageRole = "user" | "assistant";

/** `interrupted`: the answer stopped early (model failure or stop); the text is what was sent. */
export type MessageStatus = "complete" | "interrupted";

/** A visitor's thumbs up/down on an answer; null when none (or taken back). */
export type Rating = "up" | "down" | null;

/** A stored message as clients see it. `seq` orders messages within a conversation. */
export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  model: string | null;
  /** For an answer: the id of the visitor's message it answers (absent on older clients' data). */
  reply_to?: string | null;
  /** For an answer: the visitor's thumbs up/down, if any. */
  feedback?: Rating;
  created_at: string;
}

/**
 * Why a `message.notice` was sent: `fallback` (another model answered because the first one
 * failed before any text), `interrupted` (the model failed after text was sent: the answer stops
 * there and is stored as `interrupted`, nothing is re-sent), `tool_limit` (the turn reached its
 * bound on tool rounds or time, and the answer ends there).
 */
export const NOTICE_CODES = ["fallback", "interrupted", "tool_limit"] as const;
export type NoticeCode = (typeof NOTICE_CODES)[number];

export interface StreamError {
  type: string;
  message: string;
}

/** The visitor's message, now stored (it carries its final id and seq). */
export interface MessageUserEvent {
  type: "message.user";
  message: Message;
}

/** The assistant has started answering; text deltas for `message_id` follow. */
export interface MessageStartEvent {
  type: "message.start";
  message_id: string;
  model: string;
}

export interface TextDeltaEvent {
  type: "text.delta";
  message_id: string;
  text: string;
}

/** Something the visitor may want to know about this answer (see {@link NoticeCode}). */
export interface MessageNoticeEvent {
  type: "message.notice";
  message_id: string;
  code: NoticeCode;
  message: string;
}

/**
 * The assistant calls a tool (`call_id` is the model's id for the call). `status` is what a
 * client may show meanwhile, e.g. "Looking up your order…". Arguments are not streamed: they may
 * hold data the visitor should not see; the audit log (tool executions) has them.
 */
export interface ToolCallEvent {
  type: "tool.call";
  message_id: string;
  call_id: string;
  name: string;
  status: string;
}

/** A tool call finished. */
export interface ToolResultEvent {
  type: "tool.result";
  message_id: string;
  call_id: string;
  name: string;
  duration_ms: number;
}

/** The one text a client gets for a failed tool call (see `tool.error`). */
export const TOOL_ERROR_MESSAGE = "The tool call did not succeed.";

/**
 * A tool call failed (invalid arguments, not permitted, a timeout, an endpoint's error…). Only the
 * model is told why (and the audit log records it): `error` is always TOOL_ERROR_MESSAGE, never
 * text from an upstream, which may carry its internals or a credential.
 */
export interface ToolErrorEvent {
  type: "tool.error";
  message_id: string;
  call_id: string;
  name: string;
  error: string;
}

/**
 * A client tool is to run in the visitor's browser: the widget runs the handler the page
 * registered for `name` (asking the visitor first when `confirm`), then posts the result to
 * `POST /v1/widget/conversations/:id/turns/:turn_id/tool-results` within `timeout_ms`.
 */
export interface ToolClientRequestEvent {
  type: "tool.client_request";
  message_id: string;
  turn_id: string;
  call_id: string;
  name: string;
  input: unknown;
  confirm: boolean;
  timeout_ms: number;
  status: string;
}

/** The assistant message as stored: its `content` is the concatenation of every delta. */
export interface MessageDoneEvent {
  type: "message.done";
  message: Message;
}

/** The turn failed before an answer could be stored. */
export interface StreamErrorEvent {
  type: "error";
  error: StreamError;
}

export type StreamEvent =
  | MessageUserEvent
  | MessageStartEvent
  | TextDeltaEvent
  | MessageNoticeEvent
  | ToolCallEvent
  | ToolResultEvent
  | ToolErrorEvent
  | ToolClientRequestEvent
  | MessageDoneEvent
  | StreamErrorEvent;

export type StreamEventType = StreamEvent["type"];

/** Every event name, for a client that must pick ours out of an SSE stream at runtime. */
export const STREAM_EVENT_TYPES = [
  "message.user",
  "message.start",
  "text.delta",
  "message.notice",
  "tool.call",
  "tool.result",
  "tool.error",
  "tool.client_request",
  "message.done",
  "error",
] as const;

// The list names every event of the union and nothing else: a new event fails here until listed.
type _EveryEventListed = Assert<Equals<(typeof STREAM_EVENT_TYPES)[number], StreamEventType>>;
