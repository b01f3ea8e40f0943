import { z } from "zod";

/**
 * `messages.metadata`, the JSON kept beside a message for the record: what an answer replied to
 * and how it ended, the models tried, thinking, tool rounds, where a message came from. Written by
 * the turn and the entry points, read by the API shapes and chat completions. Each field is read
 * on its own (`.catch`), so one bad field — or a row that is not JSON at all — reads as missing
 * instead of throwing into a request.
 */

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const messageMetadataSchema = z.object({
  /** On an answer: the user message it answers. */
  reply_to: optional(z.string()),
  /** How the answer ended: a model finish reason, or `tool_limit` when a bound stopped the tool loop. */
  finish: optional(z.enum(["stop", "length", "tool_use", "error", "tool_limit"])),
  /** Every model tried, kept when one of them failed. */
  attempts: optional(z.array(z.object({ model: z.string(), outcome: z.string() }))),
  thinking: optional(z.string()),
  thinking_signature: optional(z.string().nullable()),
  tools: optional(z.object({ rounds: z.number(), calls: z.number() })),
  tool_limit: optional(z.string()),
  /** Calls the model made in its last round that did not run (a bound was hit). */
  tool_calls: optional(z.array(z.unknown())),
  context: optional(z.object({ compacted: z.boolean(), dropped: z.number() })),
  /** On a user message passed on by `sessions_send`. */
  via: optional(z.literal("sessions_send")),
  from_session: optional(z.string()),
  /** The developer's own `metadata` from a chat completions request. */
  api_metadata: optional(z.record(z.string(), z.string())),
});

export type MessageMetadata = z.output<typeof messageMetadataSchema>;

/** The column's value for a new message: JSON, or NULL when there is nothing to keep. */
export function encodeMessageMetadata(metadata: MessageMetadata | null | undefined): string | null {
  return metadata ? JSON.stringify(metadata) : null;
}

/** A stored row's metadata, typed; anything unreadable reads as empty. Never throws. */
export function readMessageMetadata(stored: string | null | undefined): MessageMetadata {
  if (!stored) return {};
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return {};
  }
  const parsed = messageMetadataSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}
