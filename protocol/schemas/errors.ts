import { z } from "zod";
import { ERROR_TYPES, type ErrorBody } from "../errors";
import type { Assert, Equals } from "../type-equality";

/** The one error body as a zod schema (for the OpenAPI document and tests), held to protocol/errors.ts. */

export const errorTypeSchema = z.enum(ERROR_TYPES);

export const errorBodySchema = z.object({
  error: z.object({
    type: errorTypeSchema,
    message: z.string(),
    details: z.unknown().optional(),
    code: z.string().nullable().optional(),
    param: z.string().nullable().optional(),
    request_id: z.string(),
  }),
});

type _ErrorBodyMatches = Assert<Equals<z.output<typeof errorBodySchema>, ErrorBody>>;
