import { z } from "zod";
import { maySeeConversation } from "../../sessions/ownership";
import { keySegment, tenantPrefix } from "../../files/tenant-files";
import { sha256Hex } from "../../lib/crypto";
import type { FileScope } from "../../tenants/config";
import type { ToolContext } from "../tool";

/**
 * Which files a turn may touch, decided by the turn's principal (never by the model or the
 * session's origin), and the R2 keys they live under:
 *
 *   tenant        tenants/<tenant>/files/<path>                          read-only to visitors
 *   conversation  tenants/<tenant>/conversations/<session>/files/<path>  the current conversation
 *   user          tenants/<tenant>/users/<sha256(user id)>/files/<path>  a verified user's
 *
 * So a visitor can neither overwrite what the assistant quotes to everyone else nor read another
 * visitor's notes. A model-supplied path is plain relative segments (checked by the tools' schema
 * and again when a key is built), and every id in a key is ours or a hash, so no name escapes its
 * scope. The tenant lists the scopes its tools see (`tools.files.scopes`).
 */

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,127}$/;

/** A file's path as the model gives it: relative, plain ASCII segments, nothing that navigates. */
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

export interface ScopeRoot {
  scope: FileScope;
  /** The key prefix, ending in "/". */
  root: string;
  writable: boolean;
}

export type ScopeResolution = { ok: true; value: ScopeRoot } | { ok: false; error: string };

const SCOPE_NAMES: Record<FileScope, string> = {
  tenant: "the business's files",
  conversation: "this conversation's files",
  user: "the signed-in user's files",
};

export async function resolveScope(ctx: ToolContext, scope: FileScope): Promise<ScopeResolution> {
  const refuse = (why: string): ScopeResolution => ({
    ok: false,
    error: `${SCOPE_NAMES[scope]} (scope ${scope}) ${why}`,
  });
  if (!ctx.tenant.config.tools.files.scopes.includes(scope)) return refuse("are not available here.");
  const base = tenantPrefix(ctx.tenant.id);
  const { principal, session } = ctx;
  switch (scope) {
    case "tenant":
      // The business's own files: only the business (a secret-key caller) writes them.
      return { ok: true, value: { scope, root: `${base}files/`, writable: principal.kind === "api" } };
    case "conversation":
      if (!maySeeConversation(principal, session)) {
        return refuse("belong to someone else.");
      }
      return {
        ok: true,
        value: { scope, root: `${base}conversations/${keySegment(session.id)}/files/`, writable: true },
      };
    case "user": {
      const userId = principal.kind === "visitor" ? principal.owner.userId : session.user_id;
      if (userId === null) return refuse("need a signed-in (verified) user.");
      return { ok: true, value: { scope, root: `${base}users/${await sha256Hex(userId)}/files/`, writable: true } };
    }
  }
}

/** The object key of a path in a scope; re-checks the path so no caller can build an escaping key. */
export function objectKey(root: ScopeRoot, path: string): string {
  if (!filePathSchema.safeParse(path).success) throw new Error(`not a file path: ${JSON.stringify(path)}`);
  return root.root + path;
}
