import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant, errorOf, parseSse, startConversation, widgetCall, type WidgetClient } from "../../test/helpers";

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

/** A finished turn: the visitor's and the assistant's stored message ids. */
async function turn(client: WidgetClient, conversationId: string) {
  const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, {
    content: "How long does shipping take?",
  });
  const events = parseSse(await res.text()).map((e) => e.data);
  const user = events.find((e) => e.type === "message.user");
  const done = events.find((e) => e.type === "message.done");
  if (user?.type !== "message.user" || done?.type !== "message.done") throw new Error("the turn did not finish");
  return { userId: user.message.id, answerId: done.message.id };
}

const stored = (id: string) =>
  env.DB.prepare("SELECT feedback, feedback_at FROM messages WHERE id = ?")
    .bind(id)
    .first<{ feedback: string | null; feedback_at: number | null }>();

const feedback = (client: WidgetClient, conversationId: string, messageId: string, body: unknown) =>
  widgetCall(client, "POST", `/conversations/${conversationId}/messages/${messageId}/feedback`, body);

describe("message feedback", () => {
  it("stores thumbs up, replaces it with down, and clears it with null", async () => {
    const { keys } = await createTenant({ assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);
    const { answerId } = await turn(client, conversationId);

    const up = await feedback(client, conversationId, answerId, { rating: "up" });
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ message_id: answerId, rating: "up" });
    expect(await stored(answerId)).toMatchObject({ feedback: "up", feedback_at: expect.any(Number) });

    expect((await feedback(client, conversationId, answerId, { rating: "down" })).status).toBe(200);
    expect((await stored(answerId))!.feedback).toBe("down");

    expect((await feedback(client, conversationId, answerId, { rating: null })).status).toBe(200);
    expect(await stored(answerId)).toEqual({ feedback: null, feedback_at: null });
  });

  it("answers 404 for another visitor's message, a visitor message, or a mismatched conversation", async () => {
    const { keys } = await createTenant({ assistant: { knowledge } });
    const owner = await startConversation(keys.publishable);
    const { userId, answerId } = await turn(owner.client, owner.conversationId);
    const stranger = await startConversation(keys.publishable);

    const theirs = await feedback(stranger.client, owner.conversationId, answerId, { rating: "down" });
    expect(theirs.status).toBe(404);
    expect((await errorOf(theirs)).type).toBe("not_found");
    // Their own conversation id does not unlock someone else's message either.
    expect((await feedback(stranger.client, stranger.conversationId, answerId, { rating: "down" })).status).toBe(404);
    expect((await feedback(owner.client, owner.conversationId, userId, { rating: "up" })).status).toBe(404);
    expect((await stored(answerId))!.feedback).toBeNull();
  });

  it("is tenant-scoped: another tenant's visitor cannot rate the message", async () => {
    const first = await createTenant({ assistant: { knowledge } });
    const owner = await startConversation(first.keys.publishable);
    const { answerId } = await turn(owner.client, owner.conversationId);
    const second = await createTenant({ assistant: { knowledge } }, "Other Shop");
    const other = await startConversation(second.keys.publishable);

    const res = await feedback(other.client, owner.conversationId, answerId, { rating: "up" });
    expect(res.status).toBe(404);
    expect((await stored(answerId))!.feedback).toBeNull();
  });

  it("rejects a rating that is not up, down or null", async () => {
    const { keys } = await createTenant({ assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);
    const { answerId } = await turn(client, conversationId);
    const res = await feedback(client, conversationId, answerId, { rating: "meh" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).type).toBe("invalid_request");
    expect((await feedback(client, conversationId, answerId, {})).status).toBe(400);
  });
});
