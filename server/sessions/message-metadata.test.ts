import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant, parseSse, startConversation, widgetCall } from "../test/helpers";
import { encodeMessageMetadata, readMessageMetadata } from "./message-metadata";

describe("messages.metadata", () => {
  it("reads back what was encoded", () => {
    const metadata = {
      reply_to: "msg_1",
      finish: "tool_limit" as const,
      attempts: [{ model: "a", outcome: "ok" }],
      tools: { rounds: 2, calls: 3 },
      api_metadata: { order: "42" },
    };
    expect(readMessageMetadata(encodeMessageMetadata(metadata))).toEqual(metadata);
    expect(encodeMessageMetadata(null)).toBeNull();
  });

  it("reads bad stored metadata as empty, or without the bad fields, and never throws", () => {
    expect(readMessageMetadata(null)).toEqual({});
    expect(readMessageMetadata("not json {")).toEqual({});
    expect(readMessageMetadata("[1, 2]")).toEqual({});
    expect(readMessageMetadata('"text"')).toEqual({});
    expect(readMessageMetadata(JSON.stringify({ reply_to: 7, finish: "exploded", thinking: "kept" }))).toEqual({
      thinking: "kept",
    });
    expect(readMessageMetadata(JSON.stringify({ reply_to: "msg_1", attempts: "many" }))).toEqual({
      reply_to: "msg_1",
    });
  });

  it("a stored answer with unreadable metadata still lists, with no reply_to", async () => {
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "Hello?" });
    const done = parseSse(await res.text()).find((e) => e.data.type === "message.done");
    if (done?.data.type !== "message.done") throw new Error("the turn did not finish");
    const answerId = done.data.message.id;
    await env.DB.prepare("UPDATE messages SET metadata = ? WHERE id = ?").bind("{broken", answerId).run();

    const list = await widgetCall(client, "GET", `/conversations/${conversationId}/messages`);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: { id: string; reply_to?: string | null }[] };
    expect(body.data.find((m) => m.id === answerId)).toMatchObject({ reply_to: null });
  });
});
