import { z } from "zod";
import type { Message, StreamEvent } from "../events";
import { NOTICE_CODES } from "../events";
import type { Assert, Equals } from "../type-equality";

/**
 * The zod schema of every Server-Sent Event (see protocol/events.ts for what each one means). The
 * server validates what it emits against it in tests and documents it in /openapi.json; the
 * widget never imports this file (zod stays out of its bundle). The checks at the end hold the
 * schema to the widget's plain types: a difference fails `tsc`.
 */

export const messageRoleSchema = z.enum(["user", "assistant"]);

export const ratingSchema = z.enum(["up", "down"]).nullable();

export const messageSchema = z.object({
  id: z.string(),
  conversation_id: z.string(),
  seq: z.number().int().positive(),
  role: messageRoleSchema,
  content: z.string(),
  status: z.enum(["complete", "interrupted"]),
  model: z.string().nullable(),
  reply_to: z.string().nullable().optional(),
  feedback: ratingSchema.optional(),
  created_at: z.string(),
});

export const noticeCodeSchema = z.enum(NOTICE_CODES);

export const streamErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
});

export const streamEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message.user"), message: messageSchema }),
  z.object({ type: z.literal("message.start"), message_id: z.string(), model: z.string() }),
  z.object({ type: z.literal("text.delta"), message_id: z.string(), text: z.string() }),
  z.object({
    type: z.literal("message.notice"),
    message_id: z.string(),
    code: noticeCodeSchema,
    message: z.string(),
  }),
  z.object({
    type: z.literal("tool.call"),
    message_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    status: z.string(),
  }),
  z.object({
    type: z.literal("tool.result"),
    message_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    duration_ms: z.number(),
  }),
  z.object({
    type: z.literal("tool.error"),
    message_id: z.string(),
    call_id: z.string(),
    name: z.string(),
    error: z.string(),
  }),
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
  z.object({ type: z.literal("message.done"), message: messageSchema }),
  z.object({ type: z.literal("error"), error: streamErrorSchema }),
]);

type _MessageMatches = Assert<Equals<z.output<typeof messageSchema>, Message>>;
type _EventsMatch = Assert<Equals<z.output<typeof streamEventSchema>, StreamEvent>>;
