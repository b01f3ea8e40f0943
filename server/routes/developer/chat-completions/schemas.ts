import { z } from "@hono/zod-openapi";
import { plainText } from "../../../../protocol/schemas/text-rules";
import { conversationIdSchema } from "../../../../protocol/schemas/widget-api";

/**
 * `POST /v1/chat/completions`, in OpenAI's own shapes, so that the official `openai` client (and
 * anything built on it) works with `baseURL: "<clawless>/v1"`. Parameters OpenAI has and Clawless
 * does not act on (`top_p`, `seed`, penalties, …) are accepted and ignored, as lenient OpenAI-
 * compatible servers do, rather than breaking clients that always send them.
 */

export const MAX_CONTENT_CHARS = 200_000;

/** Message text under the one text rule (protocol/schemas/text-rules.ts), kept as sent (no trim or NFC). */
const textSchema = plainText("content").max(MAX_CONTENT_CHARS);
const textPartSchema = z.object({ type: z.literal("text"), text: textSchema });

/** A string, or an array of text parts (images and audio are not supported). */
const contentSchema = z.union([
  textSchema,
  z.array(textPartSchema, { error: "content parts must be text parts" }).max(100),
]);

/** What a user says must say something: blank user messages are refused, not sent and billed. */
const userContentSchema = contentSchema.refine(
  (content) => (typeof content === "string" ? content : content.map((part) => part.text).join("")).trim() !== "",
  "content must not be empty",
);

const nameSchema = plainText("name");

const toolCallSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.literal("function"),
  function: z.object({
    name: z.string().min(1).max(64),
    /** JSON text, as the model produced it. */
    arguments: z.string().max(MAX_CONTENT_CHARS),
  }),
});

export const messageParamSchema = z
  .discriminatedUnion("role", [
    z.object({ role: z.enum(["system", "developer"]), content: contentSchema, name: nameSchema.optional() }),
    z.object({ role: z.literal("user"), content: userContentSchema, name: nameSchema.optional() }),
    z.object({
      role: z.literal("assistant"),
      content: contentSchema.nullable().optional(),
      name: nameSchema.optional(),
      refusal: z.string().nullable().optional(),
      tool_calls: z.array(toolCallSchema).max(128).optional(),
    }),
    z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1).max(200), content: contentSchema }),
  ])
  .openapi("ChatCompletionMessageParam");
export type MessageParam = z.infer<typeof messageParamSchema>;

export const functionToolSchema = z
  .object({
    type: z.literal("function"),
    function: z.object({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1 to 64 letters, digits, _ or -"),
      description: z.string().max(4_000).optional(),
      /** A JSON schema for the arguments. */
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  })
  .openapi("ChatCompletionTool");

export const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().min(1).max(64) }) }),
]);

export const chatCompletionRequestSchema = z
  .object({
    model: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: 'A catalog model the tenant may use, or "auto" to let Clawless route.' }),
    messages: z.array(messageParamSchema).min(1, "messages must not be empty").max(1_000),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    tools: z.array(functionToolSchema).max(128).optional(),
    tool_choice: toolChoiceSchema.optional(),
    parallel_tool_calls: z.boolean().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    stop: z
      .union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(4)])
      .nullable()
      .optional(),
    /** One answer per request. */
    n: z.literal(1).nullable().optional(),
    user: plainText("user").max(256).optional(),
    metadata: z
      .record(plainText("metadata key").max(64), plainText("metadata value").max(512))
      .refine((m) => Object.keys(m).length <= 16, "at most 16 keys")
      .nullable()
      .optional(),
    session_id: conversationIdSchema.optional().openapi({
      description:
        "Clawless: answer within this session (or send the `X-Clawless-Session` header). The turn is stored, and the " +
        "assistant's system prompt, knowledge and tools apply; only the last message (a user message) is new.",
    }),
  })
  .openapi("ChatCompletionRequest", {
    example: { model: "auto", messages: [{ role: "user", content: "What can you help me with?" }] },
  });
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const finishReasonSchema = z.enum(["stop", "length", "tool_calls", "content_filter"]);
export type OpenAiFinishReason = z.infer<typeof finishReasonSchema>;

export const completionUsageSchema = z
  .object({
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    total_tokens: z.number().int(),
  })
  .openapi("CompletionUsage");
export type CompletionUsage = z.infer<typeof completionUsageSchema>;

const responseToolCallSchema = toolCallSchema;

export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal("chat.completion"),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({
          role: z.literal("assistant"),
          content: z.string().nullable(),
          refusal: z.null(),
          tool_calls: z.array(responseToolCallSchema).optional(),
        }),
        finish_reason: finishReasonSchema,
        logprobs: z.null(),
      }),
    ),
    usage: completionUsageSchema,
  })
  .openapi("ChatCompletion");
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

export const chatCompletionChunkSchema = z
  .object({
    id: z.string().openapi({ description: "The same id on every chunk of a completion." }),
    object: z.literal("chat.completion.chunk"),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        delta: z.object({
          role: z.literal("assistant").optional(),
          content: z.string().nullable().optional(),
          tool_calls: z
            .array(
              z.object({
                index: z.number().int(),
                id: z.string().optional(),
                type: z.literal("function").optional(),
                function: z.object({ name: z.string().optional(), arguments: z.string().optional() }),
              }),
            )
            .optional(),
        }),
        finish_reason: finishReasonSchema.nullable(),
        logprobs: z.null(),
      }),
    ),
    /** With `stream_options.include_usage`: null on every chunk but the last, which has no choices. */
    usage: completionUsageSchema.nullable().optional(),
  })
  .openapi("ChatCompletionChunk", {
    description:
      "Each Server-Sent Event is `data: <chunk JSON>`; the stream ends with `data: [DONE]`. A failure after the " +
      'stream began is sent as `data: {"error": {...}}` (the OpenAI clients throw it), and no [DONE] follows.',
  });
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

export const sessionHeaderSchema = z.object({
  "X-Clawless-Session": conversationIdSchema.optional().openapi({
    param: { name: "X-Clawless-Session", in: "header" },
    description: "Answer within this session (same as the body's `session_id`).",
  }),
});
