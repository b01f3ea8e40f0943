import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { conflict, notFound } from "../../http/errors";
import { parseJsonBody } from "../../http/validation";
import { sessionStore } from "../../sessions/repository";
import { clientCallStore } from "../../tools/client-calls";
import { ownerOf, ownSession } from "./owned-conversation";
import { messageIdSchema, toolResultBodySchema } from "./schemas";

/**
 * POST /v1/widget/conversations/:id/turns/:turnId/tool-results: the visitor's browser answers a
 * client tool call of that turn (a `tool.client_request` event) with `output` or `error`. Only the
 * conversation's owner can answer, only a call that turn is waiting for, and only once: a late or
 * repeated answer is 409, an unknown call 404.
 */

/** Bytes of one result (the request body is capped at the default 64 KB anyway). */
const MAX_RESULT_CHARS = 32_000;

export async function postToolResult(c: Context<AppEnv>) {
  const body = await parseJsonBody(c, toolResultBodySchema);
  const { tenant } = c.var;
  const id = c.req.param("id") ?? "";
  const turnId = c.req.param("turnId") ?? "";
  const session = await ownSession(sessionStore(c.env.DB, tenant.id), id, ownerOf(c.var));
  if (!messageIdSchema.safeParse(turnId).success) throw notFound("Tool call");
  const output = body.error ?? JSON.stringify(body.output);
  const answered = await clientCallStore(c.env.DB, tenant.id).answer(session.id, turnId, body.call_id, {
    output: output.length > MAX_RESULT_CHARS ? `${output.slice(0, MAX_RESULT_CHARS)}… [cut]` : output,
    isError: body.error !== undefined,
  });
  if (answered === "unknown") throw notFound("Tool call");
  if (answered === "closed")
    throw conflict("This tool call is no longer waiting for a result (answered already, or timed out).");
  return c.json({ accepted: true }, 202);
}
