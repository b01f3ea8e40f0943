import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { parseJsonBody } from "../../http/validation";
import type { SessionOwner } from "../../sessions/repository";
import type { Rating } from "../../../protocol/events";
import { feedbackBodySchema } from "./schemas";

/**
 * `POST /v1/widget/conversations/:id/messages/:messageId/feedback` `{ rating: "up" | "down" | null }`:
 * the visitor's thumbs up/down on an assistant message of their own conversation (null takes it
 * back). Anyone else's message, or a visitor message, reads as missing: 404.
 */
export async function postMessageFeedback(c: Context<AppEnv>) {
  const { rating } = await parseJsonBody(c, feedbackBodySchema);
  const messageId = c.req.param("messageId") ?? "";
  const rated = await rateMessage(c.env.DB, c.var.tenant.id, {
    owner: { visitorId: c.var.visitorId, userId: c.var.userId },
    sessionId: c.req.param("id") ?? "",
    messageId,
    rating,
  });
  if (!rated) throw notFound("Message");
  return c.json({ message_id: messageId, rating });
}

/**
 * Sets the rating when the message is an assistant message in a conversation the caller owns (the
 * same rule as server/auth/conversation-access.ts, in SQL).
 */
export async function rateMessage(
  db: D1Database,
  tenantId: string,
  input: { owner: SessionOwner; sessionId: string; messageId: string; rating: Rating },
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE messages SET feedback = ?, feedback_at = ?
       WHERE tenant_id = ? AND id = ? AND session_id = ? AND role = 'assistant'
         AND EXISTS (SELECT 1 FROM sessions WHERE tenant_id = ? AND id = ?
           AND ((user_id IS NOT NULL AND user_id = ?) OR (user_id IS NULL AND visitor_id = ?)))`,
    )
    .bind(
      input.rating,
      input.rating === null ? null : Date.now(),
      tenantId,
      input.messageId,
      input.sessionId,
      tenantId,
      input.sessionId,
      input.owner.userId,
      input.owner.visitorId,
    )
    .run();
  return result.meta.changes === 1;
}
