import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { parseJsonBody } from "../../http/validation";
import { sessionStore } from "../../sessions/repository";
import { ownerOf } from "./owned-conversation";
import { feedbackBodySchema } from "./schemas";

/**
 * `POST /v1/widget/conversations/:id/messages/:messageId/feedback` `{ rating: "up" | "down" | null }`:
 * the visitor's thumbs up/down on an assistant message of their own conversation (null takes it
 * back). Anyone else's message, or a visitor message, reads as missing: 404.
 */
export async function postMessageFeedback(c: Context<AppEnv>) {
  const { rating } = await parseJsonBody(c, feedbackBodySchema);
  const messageId = c.req.param("messageId") ?? "";
  const rated = await sessionStore(c.env.DB, c.var.tenant.id).rateMessage({
    owner: ownerOf(c.var),
    sessionId: c.req.param("id") ?? "",
    messageId,
    rating,
  });
  if (!rated) throw notFound("Message");
  return c.json({ message_id: messageId, rating });
}
