import { z } from "zod";
import { MAX_IDENTITY_TOKEN_CHARS, MAX_MESSAGE_CHARS } from "../limits";
import type { Assert, Equals } from "../type-equality";
import { plainText } from "./text-rules";
import type {
  BootstrapRequest,
  BootstrapResponse,
  Conversation,
  ConversationPage,
  ConversationResponse,
  FeedbackRequest,
  FeedbackResponse,
  MessagePage,
  SendMessageRequest,
  ToolResultRequest,
  ToolResultResponse,
} from "../widget-api";
import { messageSchema, ratingSchema } from "./events";

/**
 * The widget API's requests (validated by the server at the edge) and responses (documented in
 * /openapi.json, checked in tests), as zod schemas. Each is held to the plain type of
 * protocol/widget-api.ts that the widget uses, so the two cannot drift.
 */

export const bootstrapBodySchema = z
  .object({ identity_token: z.string().min(1).max(MAX_IDENTITY_TOKEN_CHARS).optional() })
  .strict();

export const createConversationBodySchema = z.object({}).strict();

/**
 * A visitor's (or a developer's) stored message text: the same rule for the widget, the sessions
 * API and chat completions in a session (text-rules.ts), trimmed and in NFC.
 */
export const messageContentSchema = plainText("content")
  .trim()
  .normalize("NFC")
  .min(1, "content must not be empty")
  .max(MAX_MESSAGE_CHARS, `content must be at most ${MAX_MESSAGE_CHARS} characters`);

export const sendMessageBodySchema = z
  .object({
    content: messageContentSchema,
    model: z.string({ error: "model must be a string" }).min(1).max(100).optional(),
  })
  .strict();

export const feedbackBodySchema = z.strictObject({ rating: ratingSchema });

export const toolResultBodySchema = z
  .object({
    call_id: z.string().min(1).max(200),
    output: z.unknown().optional(),
    error: z.string().min(1).max(2_000).optional(),
  })
  .strict()
  .refine((body) => (body.output === undefined) !== (body.error === undefined), {
    message: "send exactly one of output and error",
    path: ["output"],
  });

export const listConversationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

/** Resume after this event id; the `Last-Event-ID` header, when sent, wins. */
export const resumeQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
});

export const listMessagesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** Ids are opaque to clients but have a fixed shape; anything else cannot exist. */
export const conversationIdSchema = z.string().regex(/^ses_[0-9A-Za-z]{22}$/);
export const messageIdSchema = z.string().regex(/^msg_[0-9A-Za-z]{22}$/);

export const tenantThemeSchema = z.object({
  accent_color: z.string().optional(),
  title: z.string().optional(),
  logo_url: z.string().optional(),
  radius: z.number().optional(),
  font: z.string().optional(),
});

export const bootstrapResponseSchema = z.object({
  visitor: z.object({ id: z.string(), token: z.string() }),
  user: z.object({ id: z.string(), name: z.string().optional(), email: z.string().optional() }).nullable(),
  tenant: z.object({
    name: z.string(),
    greeting: z.string(),
    suggested_prompts: z.array(z.string()),
    theme: tenantThemeSchema,
  }),
});

export const conversationSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const conversationResponseSchema = z.object({ conversation: conversationSchema });

export const conversationPageSchema = z.object({
  data: z.array(conversationSchema),
  has_more: z.boolean(),
  next_cursor: z.string().nullable(),
});

export const messagePageSchema = z.object({ data: z.array(messageSchema), has_more: z.boolean() });

export const feedbackResponseSchema = z.object({ message_id: z.string(), rating: ratingSchema });

export const toolResultResponseSchema = z.object({ accepted: z.literal(true) });

type _Checks = [
  Assert<Equals<z.output<typeof bootstrapBodySchema>, BootstrapRequest>>,
  Assert<Equals<z.output<typeof sendMessageBodySchema>, SendMessageRequest>>,
  Assert<Equals<z.output<typeof feedbackBodySchema>, FeedbackRequest>>,
  Assert<Equals<z.output<typeof toolResultBodySchema>, ToolResultRequest>>,
  Assert<Equals<z.output<typeof bootstrapResponseSchema>, BootstrapResponse>>,
  Assert<Equals<z.output<typeof conversationSchema>, Conversation>>,
  Assert<Equals<z.output<typeof conversationResponseSchema>, ConversationResponse>>,
  Assert<Equals<z.output<typeof conversationPageSchema>, ConversationPage>>,
  Assert<Equals<z.output<typeof messagePageSchema>, MessagePage>>,
  Assert<Equals<z.output<typeof feedbackResponseSchema>, FeedbackResponse>>,
  Assert<Equals<z.output<typeof toolResultResponseSchema>, ToolResultResponse>>,
];
