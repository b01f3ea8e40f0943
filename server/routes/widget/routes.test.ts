import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant, errorOf, ORIGIN, parseSse, startConversation, widgetCall } from "../../test/helpers";

const knowledge = [
  { id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days. Shipping is free over $50." },
  { id: "returns", title: "Returns", content: "You can return any item within 30 days for a full refund." },
];

async function countRows(table: string, tenantId: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = ?`)
    .bind(tenantId)
    .first<{ n: number }>();
  return row!.n;
}

describe("widget bootstrap", () => {
  it("issues a visitor token and returns the public assistant settings", async () => {
    const { keys } = await createTenant({
      assistant: { greeting: "Welcome to the shop!", suggested_prompts: ["Shipping?"], knowledge },
      theme: { accent_color: "#ff0066" },
    });
    const res = await widgetCall({ key: keys.publishable }, "POST", "/bootstrap", {});
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    const body = (await res.json()) as Record<string, any>;
    expect(body.visitor.id).toMatch(/^vis_/);
    expect(body.tenant).toEqual({
      name: "Test Shop",
      greeting: "Welcome to the shop!",
      suggested_prompts: ["Shipping?"],
      theme: { accent_color: "#ff0066" },
    });
    // Knowledge and the system prompt are the tenant's business, not the page's.
    expect(JSON.stringify(body)).not.toContain("worldwide");
  });

  it("keeps a valid visitor token and replaces an invalid one", async () => {
    const { keys } = await createTenant();
    const first = (await (await widgetCall({ key: keys.publishable }, "POST", "/bootstrap", {})).json()) as any;
    const again = (await (
      await widgetCall({ key: keys.publishable, visitor: first.visitor.token }, "POST", "/bootstrap", {})
    ).json()) as any;
    expect(again.visitor).toEqual(first.visitor);
    const junk = (await (
      await widgetCall({ key: keys.publishable, visitor: "junk" }, "POST", "/bootstrap", {})
    ).json()) as any;
    expect(junk.visitor.id).not.toBe(first.visitor.id);
  });
});

describe("a conversation turn", () => {
  it("streams the answer as SSE with ids, and stores both messages", async () => {
    const { tenant, keys } = await createTenant({ assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);

    const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, {
      content: "How long does shipping take?",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    const events = parseSse(await res.text());

    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => String(i + 1)));
    expect(events.every((e) => e.event === e.data.type)).toBe(true);
    const types = events.map((e) => e.data.type);
    expect(types[0]).toBe("message.user");
    expect(types[1]).toBe("message.start");
    expect(types.at(-1)).toBe("message.done");
    const deltas = events.flatMap((e) => (e.data.type === "text.delta" ? [e.data.text] : []));
    expect(deltas.length).toBeGreaterThan(3);
    const done = events.at(-1)!.data;
    if (done.type !== "message.done") throw new Error("no message.done");
    expect(done.message.content).toBe(deltas.join(""));
    expect(done.message.content).toContain("We ship worldwide within 3 business days.");
    expect(done.message).toMatchObject({ role: "assistant", seq: 2, status: "complete", model: "clawless-offline" });

    const history = await widgetCall(client, "GET", `/conversations/${conversationId}/messages`);
    expect(history.status).toBe(200);
    const page = (await history.json()) as any;
    expect(page.has_more).toBe(false);
    expect(page.data.map((m: any) => [m.seq, m.role, m.content])).toEqual([
      [1, "user", "How long does shipping take?"],
      [2, "assistant", done.message.content],
    ]);

    const usage = await env.DB.prepare("SELECT messages, output_tokens FROM usage WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<{ messages: number; output_tokens: number }>();
    expect(usage!.messages).toBe(1);
    expect(usage!.output_tokens).toBeGreaterThan(0);

    const list = (await (await widgetCall(client, "GET", "/conversations")).json()) as any;
    expect(list.data).toEqual([expect.objectContaining({ id: conversationId, title: "How long does shipping take?" })]);
  });

  it("keeps sequence numbers gap-free and in order across turns, from cached context", async () => {
    const { keys } = await createTenant({ assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);
    for (const content of ["Shipping?", "Returns?", "Refund?"]) {
      const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content });
      await res.text();
    }
    const page = (await (
      await widgetCall(client, "GET", `/conversations/${conversationId}/messages?limit=4`)
    ).json()) as any;
    expect(page.data.map((m: any) => m.seq)).toEqual([3, 4, 5, 6]);
    expect(page.has_more).toBe(true);
    const older = (await (
      await widgetCall(client, "GET", `/conversations/${conversationId}/messages?before=3`)
    ).json()) as any;
    expect(older.data.map((m: any) => m.seq)).toEqual([1, 2]);
    expect(older.has_more).toBe(false);
  });

  it("says plainly when the knowledge has no answer", async () => {
    const { keys } = await createTenant({ assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);
    const events = parseSse(
      await (
        await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, {
          content: "Explain quantum gravity",
        })
      ).text(),
    );
    const done = events.at(-1)!.data;
    expect(done.type === "message.done" && done.message.content).toMatch(/couldn't find anything/);
  });
});

describe("bad input gets a clear error and writes nothing", () => {
  it.each([
    ["malformed JSON", "{not json", 400, /Malformed JSON/],
    ["a missing field", {}, 400, /content/],
    ["a wrong type", { content: 42 }, 400, /content/],
    ["an empty message", { content: "   " }, 400, /content must not be empty/],
    ["an unknown field", { content: "hi", role: "system" }, 400, /role|Unrecognized/i],
    ["an oversized message", { content: "x".repeat(8_001) }, 413, /content must be at most 8000 characters/],
    ["an oversized body", { content: "x".repeat(70_000) }, 413, /exceeds 65536 bytes/],
  ])("%s", async (_, body, status, message) => {
    const { tenant, keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, body);
    expect(res.status).toBe(status);
    const error = await errorOf(res);
    expect(error.message).toMatch(message);
    expect(error.request_id).toBe(res.headers.get("X-Request-Id"));
    expect(await countRows("messages", tenant.id)).toBe(0);
    expect(await countRows("usage", tenant.id)).toBe(0);
  });

  it("names the field in details", async () => {
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const error = await errorOf(await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, {}));
    expect(error.type).toBe("invalid_request");
    expect(error.details).toEqual({ problems: [{ field: "content", message: "content must be a string" }] });
  });

  it("rejects a bad query parameter with 400", async () => {
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const res = await widgetCall(client, "GET", `/conversations/${conversationId}/messages?limit=0`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/limit/);
  });

  it("requires JSON (415, as on the developer API)", async () => {
    const { keys } = await createTenant();
    const res = await widgetCall({ key: keys.publishable }, "POST", "/bootstrap");
    expect(res.status).toBe(415);
    expect((await errorOf(res)).message).toMatch(/Content-Type/);
  });
});

describe("keys, origins and visitors", () => {
  it("rejects a missing, malformed or unknown key with 401", async () => {
    for (const key of ["", "nope", "pk_test_0123456789abcdefghijklmnopqrstuv"]) {
      const res = await widgetCall({ key }, "POST", "/bootstrap", {});
      expect(res.status).toBe(401);
      expect((await errorOf(res)).type).toBe("authentication_error");
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
    }
  });

  it("refuses a secret key on widget endpoints", async () => {
    const { keys } = await createTenant();
    const res = await widgetCall({ key: keys.secret }, "POST", "/bootstrap", {});
    expect(res.status).toBe(401);
  });

  it("answers other origins, and requests without one, with 403 and no CORS headers", async () => {
    const { keys } = await createTenant();
    for (const origin of ["https://evil.example.com", null]) {
      const res = await widgetCall({ key: keys.publishable, origin }, "POST", "/bootstrap", {});
      expect(res.status).toBe(403);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      expect(JSON.stringify(await res.json())).not.toContain("Test Shop");
    }
  });

  it("answers a preflight only for an allowed origin", async () => {
    const { keys } = await createTenant();
    const preflight = (origin: string) => widgetCall({ key: keys.publishable, origin }, "OPTIONS", "/conversations");
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    expect(ok.headers.get("Access-Control-Allow-Headers")).toContain("X-Clawless-Visitor");
    const denied = await preflight("https://evil.example.com");
    expect(denied.status).toBe(403);
    expect(denied.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("needs a visitor token for conversations", async () => {
    const { keys } = await createTenant();
    const res = await widgetCall({ key: keys.publishable }, "POST", "/conversations", {});
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/visitor token/);
  });

  it("never lets one visitor read or write another's conversation, even with its id", async () => {
    const { tenant, keys } = await createTenant({ assistant: { knowledge } });
    const alice = await startConversation(keys.publishable);
    const bob = await startConversation(keys.publishable);
    await (
      await widgetCall(alice.client, "POST", `/conversations/${alice.conversationId}/messages`, {
        content: "Shipping?",
      })
    ).text();

    const read = await widgetCall(bob.client, "GET", `/conversations/${alice.conversationId}/messages`);
    expect(read.status).toBe(404);
    const write = await widgetCall(bob.client, "POST", `/conversations/${alice.conversationId}/messages`, {
      content: "hi",
    });
    expect(write.status).toBe(404);
    const list = (await (await widgetCall(bob.client, "GET", "/conversations")).json()) as any;
    expect(list.data.map((c: any) => c.id)).not.toContain(alice.conversationId);
    expect(await countRows("messages", tenant.id)).toBe(2);
  });

  it("does not accept one tenant's visitor token for another tenant", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const alice = await startConversation(a.keys.publishable);
    const res = await widgetCall({ key: b.keys.publishable, visitor: alice.visitor.token }, "GET", "/conversations");
    expect(res.status).toBe(401);
  });
});
