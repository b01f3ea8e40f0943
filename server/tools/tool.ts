import type { z } from "zod";
import type { ConversationViewer } from "../sessions/ownership";
import type { MessageRecord, SessionRecord } from "../sessions/repository";
import type { TurnChannel } from "../streaming/turn-log";
import type { Tenant } from "../tenants/tenant";
import { compileJsonSchema, describeIssues, jsonSchemaOf, type JsonSchema } from "../lib/json-schema";

/**
 * What every tool is: a name, a description and a JSON-schema input for the model, a validator for
 * the model's arguments, and `run`. Built-ins are defined with zod (defineBuiltin); tenant HTTP and
 * client tools come from the tenant's config with a JSON schema.
 */

/**
 * On whose behalf the assistant acts: whoever sent the message (server/turns/caller.ts), never the
 * session's origin. A widget visitor sees only their own conversations (server/sessions/ownership.ts).
 */
export type Principal = ConversationViewer;

/** What sessions_send gets from passing a message on: the stored message and the reply to come, or why not. */
export type Forwarded =
  { ok: true; message: MessageRecord; reply: Promise<MessageRecord | null> } | { ok: false; error: string };

export interface ToolContext {
  env: Env;
  tenant: Tenant;
  session: SessionRecord;
  principal: Principal;
  /** The visitor's message this turn answers (the turn id the widget knows). */
  turnId: string;
  /** The assistant message being written. */
  messageId: string;
  callId: string;
  channel: TurnChannel;
  /** Aborted when the call's time is up (its own timeout or the turn's). */
  signal: AbortSignal;
  /** Epoch ms by which the call must be over. */
  deadline: number;
  /** How deep this turn is in a chain of sessions_send (0 for a visitor's or API caller's turn). */
  depth: number;
  /**
   * Stores a message in another session and starts the assistant's turn there (sessions_send),
   * within this turn's bounds: how many per turn, its deadline, the caller's rate limit and the
   * tenant's quota. A refusal is an error for the model, never a thrown exception.
   */
  forward(target: SessionRecord, content: string): Promise<Forwarded>;
}

export type ToolOutcome = { ok: true; output: unknown } | { ok: false; error: string };

export type ToolKind = "builtin" | "http" | "client";

export interface Tool {
  name: string;
  description: string;
  input_schema: JsonSchema;
  kind: ToolKind;
  /** What a client may show while the tool runs. */
  status: string;
  validate(input: unknown): { ok: true; value: unknown } | { ok: false; error: string };
  run(ctx: ToolContext, input: unknown): Promise<ToolOutcome>;
}

export const ok = (output: unknown): ToolOutcome => ({ ok: true, output });
export const fail = (error: string): ToolOutcome => ({ ok: false, error });

/** A built-in tool: its input is a zod schema, so the model's JSON schema and the validator agree. */
export function defineBuiltin<S extends z.ZodType>(definition: {
  name: string;
  description: string;
  status: string;
  input: S;
  run(ctx: ToolContext, input: z.output<S>): Promise<ToolOutcome>;
}): Tool {
  return {
    name: definition.name,
    description: definition.description,
    input_schema: jsonSchemaOf(definition.input),
    kind: "builtin",
    status: definition.status,
    validate: (input) => validateWith(definition.input, input),
    run: (ctx, input) => definition.run(ctx, input as z.output<S>),
  };
}

export function validateWith(
  schema: z.ZodType,
  input: unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const raw = typeof input === "string" ? `: ${input.slice(0, 200)}` : "";
    return { ok: false, error: `the arguments must be a JSON object${raw}` };
  }
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
}

/** A tenant tool's argument check (config writes refuse a schema that does not compile). */
export function jsonSchemaValidator(schema: JsonSchema): Tool["validate"] {
  const compiled = compileJsonSchema(schema);
  return (input) =>
    compiled.ok ? validateWith(compiled.schema, input) : { ok: false, error: "the tool's schema is unusable" };
}
