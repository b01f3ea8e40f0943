import { z } from "zod";
import { defineBuiltin, fail, ok } from "../tool";

/**
 * The tenant's files in R2, under `tenants/<tenant id>/files/`. Paths are relative, of plain
 * segments: no absolute paths, no `..` or `.`, no backslashes or control characters, so no call can
 * leave the tenant's prefix. Sizes are capped both ways.
 */

export const MAX_FILE_WRITE_BYTES = 256 * 1024;
export const MAX_FILE_READ_BYTES = 64 * 1024;

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,127}$/;

export const filePathSchema = z
  .string()
  .min(1)
  .max(512)
  .superRefine((path, ctx) => {
    if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) {
      ctx.addIssue({ code: "custom", message: "must be a relative path (no leading / or drive letter)" });
    } else if (path.includes("\\") || [...path].some((ch) => ch.charCodeAt(0) < 0x20)) {
      ctx.addIssue({ code: "custom", message: "must not contain backslashes or control characters" });
    } else if (path.split("/").some((s) => s === ".." || s === ".")) {
      ctx.addIssue({ code: "custom", message: "must not contain . or .. segments" });
    } else if (!path.split("/").every((s) => SEGMENT.test(s))) {
      ctx.addIssue({
        code: "custom",
        message: "segments are letters, digits, space, dot, dash and underscore, starting with a letter or digit",
      });
    }
  });

const root = (tenantId: string) => `tenants/${tenantId}/files/`;

export const fileRead = defineBuiltin({
  name: "file_read",
  description: `Read a text file from the business's files (at most ${MAX_FILE_READ_BYTES / 1024} KB).`,
  status: "Reading a file…",
  input: z.object({ path: filePathSchema.describe("Relative path, e.g. policies/returns.md") }).strict(),
  async run(ctx, input) {
    const object = await ctx.env.FILES.get(root(ctx.tenant.id) + input.path);
    if (!object) return fail(`There is no file ${input.path}.`);
    if (object.size > MAX_FILE_READ_BYTES) {
      await object.body.cancel();
      return fail(
        `${input.path} is ${object.size} bytes, more than the ${MAX_FILE_READ_BYTES} bytes file_read returns.`,
      );
    }
    return ok({ path: input.path, size: object.size, content: await object.text() });
  },
});

export const fileWrite = defineBuiltin({
  name: "file_write",
  description: `Create or replace a text file in the business's files (at most ${MAX_FILE_WRITE_BYTES / 1024} KB).`,
  status: "Saving a file…",
  input: z
    .object({
      path: filePathSchema.describe("Relative path, e.g. notes/order-123.txt"),
      content: z.string(),
    })
    .strict(),
  async run(ctx, input) {
    const bytes = new TextEncoder().encode(input.content);
    if (bytes.byteLength > MAX_FILE_WRITE_BYTES) {
      return fail(`The content is ${bytes.byteLength} bytes; files may be at most ${MAX_FILE_WRITE_BYTES} bytes.`);
    }
    await ctx.env.FILES.put(root(ctx.tenant.id) + input.path, bytes, {
      httpMetadata: { contentType: "text/plain; charset=utf-8" },
      customMetadata: { session: ctx.session.id },
    });
    return ok({ path: input.path, size: bytes.byteLength, written: true });
  },
});

export const fileList = defineBuiltin({
  name: "file_list",
  description: "List the business's files, optionally under a folder.",
  status: "Looking through files…",
  input: z
    .object({
      prefix: filePathSchema.optional().describe("A folder, e.g. policies"),
      limit: z.number().int().min(1).max(200).default(100),
    })
    .strict(),
  async run(ctx, input) {
    const base = root(ctx.tenant.id);
    const prefix = input.prefix ? `${base}${input.prefix.replace(/\/?$/, "/")}` : base;
    const listed = await ctx.env.FILES.list({ prefix, limit: input.limit });
    return ok({
      files: listed.objects.map((o) => ({
        path: o.key.slice(base.length),
        size: o.size,
        uploaded_at: o.uploaded.toISOString(),
      })),
      truncated: listed.truncated,
    });
  },
});
