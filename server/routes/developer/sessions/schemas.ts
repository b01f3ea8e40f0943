import { z } from "@hono/zod-openapi";
import { identifierText } from "../../../../protocol/schemas/text-rules";
import { messageSchema } from "../../../streaming/events";
import { conversationIdSchema, messageContentSchema } from "../../../../protocol/schemas/widget-api";

/** The sessions API's requests and responses. A session is what the widget calls a conversation. */

export const sessionSchema = z
  .object({
    id: z.string().openapi({ example: "ses_0123456789abcdefghijAB" }),
    title: z.string().nullable().openapi({ description: "The first line of the first user message." }),
    status: z.enum(["active", "closed"]),
    channel: z.enum(["widget", "api"]).openapi({ description: "Where the session was started." }),
    visitor_id: z.string().nullable(),
    user_id: z.string().nullable().openapi({ description: "The verified user it belongs to, if any." }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Session");

export const apiMessageSchema = messageSchema.openapi("Message");

export const sessionIdParamSchema = z.object({
  id: conversationIdSchema.openapi({ param: { name: "id", in: "path" }, example: "ses_0123456789abcdefghijAB" }),
});

const userIdSchema = identifierText("user_id", 200);
const visitorIdSchema = identifierText("visitor_id", 200);

export const listSessionsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(200).optional().openapi({ description: "`next_cursor` of the previous page." }),
    status: z.enum(["active", "closed"]).optional(),
    visitor_id: visitorIdSchema.optional(),
    user_id: userIdSchema.optional(),
    updated_since: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "Only sessions active at or after this instant (ISO 8601)." }),
  })
  .strict();

export const sessionPageSchema = z
  .object({ data: z.array(sessionSchema), has_more: z.boolean(), next_cursor: z.string().nullable() })
  .openapi("SessionPage");

export const createSessionBodySchema = z
  .object({
    user_id: userIdSchema.optional().openapi({
      description: "A verified user of your site: the session then shows in that user's widget too.",
    }),
    visitor_id: visitorIdSchema.optional(),
    tools: z.array(z.string().min(1).max(64)).max(100).optional().openapi({
      description:
        "Narrows the tools this session's assistant may use to these names (within what the tenant allows; never widens).",
    }),
  })
  .strict()
  .openapi("CreateSession");

export const sessionEnvelopeSchema = z.object({ session: sessionSchema });

export const listMessagesQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: "Only messages with a lower `seq` (pages backwards from the newest)." }),
  })
  .strict();

export const messagePageSchema = z
  .object({
    data: z.array(apiMessageSchema).openapi({ description: "Oldest first." }),
    has_more: z.boolean(),
    next_before: z.number().int().nullable().openapi({ description: "Pass as `before` for the older page." }),
  })
  .openapi("MessagePage");

export const sendMessageBodySchema = z
  .object({
    content: messageContentSchema,
    model: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'A catalog model this assistant may use, or "auto" (default).' }),
  })
  .strict()
  .openapi("SendMessage", { example: { content: "What can you help me with?" } });

export const turnResultSchema = z
  .object({ user_message: apiMessageSchema, message: apiMessageSchema })
  .openapi("TurnResult");

export const toolExecutionSchema = z
  .object({
    id: z.string(),
    session_id: z.string(),
    message_id: z.string().nullable().openapi({ description: "The visitor's message that started the turn." }),
    call_id: z.string().nullable().openapi({ description: "The model's id for the tool call." }),
    tool: z.string(),
    input: z.unknown().openapi({ description: "The arguments, as JSON." }),
    output: z.unknown().nullable().openapi({ description: "The result, as JSON (or text), or null on error." }),
    error: z.string().nullable(),
    duration_ms: z.number().int(),
    created_at: z.string(),
  })
  .openapi("ToolExecution");

export const listToolExecutionsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export const toolExecutionPageSchema = z
  .object({ data: z.array(toolExecutionSchema), has_more: z.boolean(), next_cursor: z.string().nullable() })
  .openapi("ToolExecutionPage");
