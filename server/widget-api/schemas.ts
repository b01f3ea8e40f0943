import { z } from "zod";
import { plainText } from "../http/text-rules";

export const MAX_MESSAGE_CHARS = 8_000;

/** `identity_token`: a verified user's identity JWT, signed by the tenant's backend (docs/tenancy.md). */
export const bootstrapBodySchema = z.object({ identity_token: z.string().min(1).max(4096).optional() }).strict();

export const createConversationBodySchema = z.object({}).strict();

/**
 * A visitor's (or a developer's) stored message text: the same rule for the widget, the sessions
 * API and chat completions in a session (http/text-rules.ts), trimmed and in NFC.
 */
export const messageContentSchema = plainText("content")
  .trim()
  .normalize("NFC")
  .min(1, "content must not be empty")
  .max(MAX_MESSAGE_CHARS, `content must be at most ${MAX_MESSAGE_CHARS} characters`);

export const sendMessageBodySchema = z
  .object({
    content: messageContentSchema,
    /** A catalog model id; honoured only when the tenant allows overrides and the plan has it. */
    model: z.string({ error: "model must be a string" }).min(1).max(100).optional(),
  })
  .strict();

export const listConversationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

/** Resume after this event id; the `Last-Event-ID` header, when sent, wins. */
export const resumeQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
});

export const messageIdSchema = z.string().regex(/^msg_[0-9A-Za-z]{22}$/);

export const listMessagesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** Ids are opaque to clients but have a fixed shape; anything else cannot exist. */
export const conversationIdSchema = z.string().regex(/^ses_[0-9A-Za-z]{22}$/);
