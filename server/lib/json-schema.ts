import { z } from "zod";

/**
 * Tenant tools declare their input as JSON Schema (what models understand); arguments from a model
 * are validated against it before anything runs. Zod converts the schema once (z.fromJSONSchema),
 * so validation needs no code generation (Workers forbid eval) and no extra dependency. A schema
 * zod cannot convert is refused when the config is written, not when a visitor is waiting.
 */

const MAX_SCHEMA_CHARS = 20_000;

export type JsonSchema = Record<string, unknown>;

/** The validator for a JSON schema, or the reason it cannot be used. */
export function compileJsonSchema(schema: JsonSchema): { ok: true; schema: z.ZodType } | { ok: false; error: string } {
  if (schema.type !== "object") return { ok: false, error: 'must be a JSON schema with "type": "object"' };
  try {
    return { ok: true, schema: z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) };
  } catch (error) {
    return { ok: false, error: `is not a usable JSON schema: ${(error as Error).message}` };
  }
}

/** A tool's input schema in tenant config: an object schema zod can compile, of bounded size. */
export const toolInputSchemaSchema = z
  .record(z.string(), z.unknown())
  .default({ type: "object", properties: {} })
  .superRefine((schema, ctx) => {
    if (JSON.stringify(schema).length > MAX_SCHEMA_CHARS) {
      ctx.addIssue({ code: "custom", message: `must be at most ${MAX_SCHEMA_CHARS} characters of JSON` });
      return;
    }
    const compiled = compileJsonSchema(schema);
    if (!compiled.ok) ctx.addIssue({ code: "custom", message: compiled.error });
  });

/** The JSON schema a model gets for a zod-defined (built-in) tool. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input" }) as JsonSchema;
  return rest;
}

/** Validation problems in a form a model can act on: `path: message` lines. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(arguments)"}: ${issue.message}`).join("; ");
}
