import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { requireSecret } from "../config";
import { unauthorized } from "../http/errors";
import { utf8 } from "../lib/crypto";
import { bearerToken } from "./secret-key";

/** Guards /admin: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
export function adminAuth(): MiddlewareHandler<AppEnv> {
  return async function adminAuthMiddleware(c, next) {
    const expected = requireSecret(c.env, "ADMIN_TOKEN");
    const sent = bearerToken(c.req.header("authorization"));
    if (!sent) throw unauthorized("Missing admin token (Authorization: Bearer …).");
    if (!(await sameSecret(sent, expected))) throw unauthorized("Invalid admin token.");
    await next();
  };
}

/** Compares digests in constant time, so neither the length nor a prefix of the token leaks through timing. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all(
    [a, b].map(async (s) => new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(s)))),
  );
  let diff = 0;
  for (let i = 0; i < da!.length; i++) diff |= da![i]! ^ db![i]!;
  return diff === 0;
}
