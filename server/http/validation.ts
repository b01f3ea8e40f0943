import type { Context } from "hono";
import { z } from "zod";
import { badRequest, payloadTooLarge, type ApiError } from "./errors";
import { readJsonBody } from "./request-body";

/**
 * Input validation at the edge, formatted once. Every problem is named by its field path, and a
 * string or list that is too long is a 413 (the payload is too large), anything else a 400.
 */

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface FieldProblem {
  field: string;
  message: string;
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    // An unknown key is named itself, not the object that holds it.
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
    return { field: path.length ? path.map(String).join(".") : "(body)", message: issue.message };
  });
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(result.error.issues, where);
}

/** The one error for failed validation, wherever it ran (here, or a route's OpenAPI hook). */
export function validationError(issues: readonly z.core.$ZodIssue[], where: string): ApiError {
  const problems = formatIssues(issues);
  const first = problems[0]!;
  const summary = `Invalid ${where}: ${first.field}: ${first.message}`;
  const tooLarge = issues.some(
    (issue) => issue.code === "too_big" && (issue.origin === "string" || issue.origin === "array"),
  );
  return tooLarge ? payloadTooLarge(summary, { problems }) : badRequest(summary, { problems });
}

/**
 * Reads and validates a JSON body (request-body.ts: Content-Type application/json, at most
 * `maxBytes`, strict UTF-8; an empty body is `{}`).
 */
export async function parseJsonBody<T extends z.ZodType>(
  c: Context,
  schema: T,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<z.output<T>> {
  return parseWith(schema, await readJsonBody(c, { maxBytes }), "request body");
}

/** Nothing to say: a POST that acts (reset, suspend, revoke) takes no body, or `{}` as JSON. */
export const emptyBodySchema = z.object({}).strict();

/** Refuses anything but no body or `{}` (as application/json, within the cap) on a body-less POST. */
export async function parseEmptyBody(c: Context): Promise<void> {
  parseWith(
    emptyBodySchema,
    await readJsonBody(c, { maxBytes: DEFAULT_MAX_BODY_BYTES, emptyWithoutContentType: true }),
    "request body",
  );
}

export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  return parseWith(schema, c.req.query(), "query");
}
