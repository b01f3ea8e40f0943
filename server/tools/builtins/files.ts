import { z } from "zod";
import { FILE_SCOPES, fileScopeSchema, type FileScope } from "../../tenants/config";
import { defineBuiltin, fail, ok, type ToolContext } from "../tool";
import { filePathSchema, objectKey, resolveScope, type ScopeRoot } from "./file-scopes";

/**
 * The file tools. Every file is in a scope (file-scopes.ts): the business's files, read-only to
 * visitors; this conversation's; the verified user's. Writes default to the conversation; a read
 * without a scope looks in the conversation, then the user's files, then the business's; a
 * listing without one covers every scope the turn may see. Sizes are capped both ways.
 */

export const MAX_FILE_WRITE_BYTES = 256 * 1024;
export const MAX_FILE_READ_BYTES = 64 * 1024;

const scopeInput = fileScopeSchema.describe(
  "tenant: the business's files (read-only for visitors); conversation: files saved in this conversation; " +
    "user: the signed-in user's files, across their conversations",
);

/** The scopes this turn may see, in lookup order (the visitor's own files first). */
async function visibleScopes(ctx: ToolContext): Promise<ScopeRoot[]> {
  const resolved = await Promise.all(FILE_SCOPES.map((scope) => resolveScope(ctx, scope)));
  return resolved.flatMap((r) => (r.ok ? [r.value] : []));
}

/** One named scope (refused if this turn may not use it), or every scope the turn may see. */
async function rootsToSearch(
  ctx: ToolContext,
  scope: FileScope | undefined,
): Promise<{ ok: true; value: ScopeRoot[] } | { ok: false; error: string }> {
  if (!scope) return { ok: true, value: await visibleScopes(ctx) };
  const resolved = await resolveScope(ctx, scope);
  return resolved.ok ? { ok: true, value: [resolved.value] } : resolved;
}

export const fileRead = defineBuiltin({
  name: "file_read",
  description:
    `Read a text file (at most ${MAX_FILE_READ_BYTES / 1024} KB). Without a scope, looks in this ` +
    "conversation's files, then the user's, then the business's.",
  status: "Reading a file…",
  input: z
    .object({
      path: filePathSchema.describe("Relative path, e.g. policies/returns.md"),
      scope: scopeInput.optional(),
    })
    .strict(),
  async run(ctx, input) {
    const lookup = await rootsToSearch(ctx, input.scope);
    if (!lookup.ok) return fail(lookup.error);
    const roots = lookup.value;
    for (const root of roots) {
      const object = await ctx.env.FILES.get(objectKey(root, input.path));
      if (!object) continue;
      if (object.size > MAX_FILE_READ_BYTES) {
        await object.body.cancel();
        return fail(
          `${input.path} is ${object.size} bytes, more than the ${MAX_FILE_READ_BYTES} bytes file_read returns.`,
        );
      }
      return ok({ path: input.path, scope: root.scope, size: object.size, content: await object.text() });
    }
    return fail(`There is no file ${input.path}.`);
  },
});

export const fileWrite = defineBuiltin({
  name: "file_write",
  description:
    `Create or replace a text file (at most ${MAX_FILE_WRITE_BYTES / 1024} KB), by default in this ` +
    "conversation's files. The business's files are read-only in a visitor's conversation.",
  status: "Saving a file…",
  input: z
    .object({
      path: filePathSchema.describe("Relative path, e.g. notes/order-123.txt"),
      content: z.string(),
      scope: scopeInput.default("conversation"),
    })
    .strict(),
  async run(ctx, input) {
    const resolved = await resolveScope(ctx, input.scope);
    if (!resolved.ok) return fail(resolved.error);
    if (!resolved.value.writable) {
      return fail(`The business's files (scope ${input.scope}) are read-only here; use scope conversation or user.`);
    }
    const bytes = new TextEncoder().encode(input.content);
    if (bytes.byteLength > MAX_FILE_WRITE_BYTES) {
      return fail(`The content is ${bytes.byteLength} bytes; files may be at most ${MAX_FILE_WRITE_BYTES} bytes.`);
    }
    await ctx.env.FILES.put(objectKey(resolved.value, input.path), bytes, {
      httpMetadata: { contentType: "text/plain; charset=utf-8" },
      customMetadata: { session: ctx.session.id },
    });
    return ok({ path: input.path, scope: input.scope, size: bytes.byteLength, written: true });
  },
});

export const fileList = defineBuiltin({
  name: "file_list",
  description: "List files, optionally under a folder; without a scope, every scope you may read.",
  status: "Looking through files…",
  input: z
    .object({
      prefix: filePathSchema.optional().describe("A folder, e.g. policies"),
      scope: scopeInput.optional(),
      limit: z.number().int().min(1).max(200).default(100),
    })
    .strict(),
  async run(ctx, input) {
    const lookup = await rootsToSearch(ctx, input.scope);
    if (!lookup.ok) return fail(lookup.error);
    const roots = lookup.value;
    const files: { scope: FileScope; path: string; size: number; uploaded_at: string }[] = [];
    let truncated = false;
    for (const root of roots) {
      const remaining = input.limit - files.length;
      if (remaining <= 0) {
        truncated = true;
        break;
      }
      const prefix = input.prefix ? objectKey(root, input.prefix) + "/" : root.root;
      const listed = await ctx.env.FILES.list({ prefix, limit: remaining });
      truncated ||= listed.truncated;
      for (const o of listed.objects) {
        files.push({
          scope: root.scope,
          path: o.key.slice(root.root.length),
          size: o.size,
          uploaded_at: o.uploaded.toISOString(),
        });
      }
    }
    return ok({ files, truncated });
  },
});
