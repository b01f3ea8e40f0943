import type { Context } from "hono";
import { z } from "zod";
import { ownsConversation } from "../auth/conversation-access";
import type { AppEnv } from "../env";
import { conflict, notFound } from "../http/errors";
import { parseJsonBody } from "../http/validation";
import { sessionStore } from "../sessions/repository";
import { clientCallStore } from "../tools/client-calls";
import { conversationIdSchema, messageIdSchema } from "./schemas";

/**
 * POST /v1/widget/conversations/:id/turns/:turnId/tool-results: the visitor's browser answers a
 * client tool call of that turn (a `tool.client_request` event) with `output` or `error`. Only the
 * conversation's owner can answer, only a call that turn is waiting for, and only once: a late or
 * repeated answer is 409, an unknown call 404.
 */

/** Bytes of one result (the request body is capped at the default 64 KB anyway). */
const MAX_RESULT_CHARS = 32_000;

export const toolResultBodySchema = z
  .object({
    call_id: z.string().min(1).max(200),
    output: z.unknown().optional(),
    error: z.string().min(1).max(2_000).optional(),
  })
  .strict()
  .refine((body) => (body.output === undefined) !== (body.error === undefined), {
    message: "send exactly one of output and error",
    path: ["output"],
  });

export async function postToolResult(c: Context<AppEnv>) {
  const body = await parseJsonBody(c, toolResultBodySchema);
  const { tenant } = c.var;
  const id = c.req.param("id") ?? "";
  const turnId = c.req.param("turnId") ?? "";
  const session = conversationIdSchema.safeParse(id).success ? await sessionStore(c.env.DB, tenant.id).get(id) : null;
  if (!session || !ownsConversation({ visitorId: c.var.visitorId, userId: c.var.userId }, session)) {
    throw notFound("Conversation");
  }
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
