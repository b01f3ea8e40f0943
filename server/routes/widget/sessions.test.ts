import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { envFor, scenario } from "../../test/fake-upstreams/client";
import { createTenant, startConversation, widgetCall } from "../../test/helpers";
import { sendMessage } from "../../test/runtime-helpers";

describe("conversations: list, reset, delete", () => {
  it("lists a visitor's conversations a page at a time with a cursor", async () => {
    const { keys } = await createTenant();
    const { client } = await startConversation(keys.publishable);
    for (let i = 0; i < 4; i++) await (await widgetCall(client, "POST", "/conversations", {})).text();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await widgetCall(client, "GET", `/conversations?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const page = (await res.json()) as { data: { id: string }[]; has_more: boolean; next_cursor: string | null };
      seen.push(...page.data.map((c) => c.id));
      expect(page.has_more).toBe(page.next_cursor !== null);
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await widgetCall(client, "GET", "/conversations?cursor=nonsense")).status).toBe(400);
  });

  it("reset clears the model's context but keeps the history", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["First answer."] },
        { kind: "stream", text: ["Fresh start."] },
      ],
    });
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const testEnv = envFor(env, fake);
    await sendMessage(testEnv, client, conversationId, { content: "Remember the number 42." });
    const reset = await widgetCall(client, "POST", `/conversations/${conversationId}/reset`);
    expect(reset.status).toBe(200);
    await sendMessage(testEnv, client, conversationId, { content: "What number?" });

    const [, second] = await fake.requests("anthropic");
    expect(second!.body.messages).toEqual([{ role: "user", content: "What number?" }]);
    const history = (await (
      await widgetCall(client, "GET", `/conversations/${conversationId}/messages`)
    ).json()) as any;
    expect(history.data.map((m: any) => m.content)).toEqual([
      "Remember the number 42.",
      "First answer.",
      "What number?",
      "Fresh start.",
    ]);
  });

  it("delete removes the conversation and its messages, for its owner only", async () => {
    const { tenant, keys } = await createTenant();
    const alice = await startConversation(keys.publishable);
    const bob = await startConversation(keys.publishable);
    await sendMessage(env, alice.client, alice.conversationId, { content: "hello" });
    expect((await widgetCall(bob.client, "DELETE", `/conversations/${alice.conversationId}`)).status).toBe(404);
    expect((await widgetCall(alice.client, "DELETE", `/conversations/${alice.conversationId}`)).status).toBe(204);
    expect((await widgetCall(alice.client, "GET", `/conversations/${alice.conversationId}/messages`)).status).toBe(404);
    for (const table of ["messages", "turn_events"]) {
      const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`)
        .bind(tenant.id)
        .first<any>();
      expect(row.n).toBe(0);
    }
  });
});
