import { env } from "cloudflare:workers";
import { ownsConversation } from "../sessions/ownership";
import { describe, expect, it } from "vitest";
import { scenario } from "../test/fake-upstreams/client";
import { widgetCall, type WidgetClient } from "../test/helpers";
import { sendMessage } from "../test/runtime-helpers";
import { apiCall, createIdentitySecret, identityToken } from "../test/tenancy-helpers";
import { sessionStore } from "../sessions/repository";
import { BUILTIN_TOOL_NAMES } from "../tenants/config";
import { call, toolEnv, toolTenant } from "../tools/test-support";

/**
 * A turn's tools act for whoever sent the message, with the widget API's ownership rule — never
 * for the session's origin (its channel, or the device that created it).
 */

const ALL = [...BUILTIN_TOOL_NAMES];

/** What a tool call returned to the model, from the request of the next round. */
function resultOf(body: any, id: string): any {
  for (const m of body.messages) {
    if (Array.isArray(m.content)) {
      const block = m.content.find((b: any) => b.type === "tool_result" && b.tool_use_id === id);
      if (block) return block.is_error ? { error: block.content } : JSON.parse(block.content);
    }
  }
  throw new Error(`no result for ${id}`);
}

async function bootstrap(key: string, visitorToken?: string, identity_token?: string): Promise<WidgetClient> {
  const res = await widgetCall(
    { key, visitor: visitorToken },
    "POST",
    "/bootstrap",
    identity_token ? { identity_token } : {},
  );
  const { visitor } = (await res.json()) as { visitor: { token: string } };
  return { key, visitor: visitor.token };
}

async function newConversation(client: WidgetClient, first: string): Promise<string> {
  const created = await widgetCall(client, "POST", "/conversations", {});
  const id = ((await created.json()) as any).conversation.id as string;
  await appendUser(id, first);
  return id;
}

async function appendUser(sessionId: string, content: string) {
  const row = await env.DB.prepare("SELECT tenant_id FROM sessions WHERE id = ?").bind(sessionId).first<any>();
  await sessionStore(env.DB, row.tenant_id).appendMessage(sessionId, { role: "user", content });
}

async function contents(tenantId: string, sessionId: string): Promise<string[]> {
  const page = await sessionStore(env.DB, tenantId).listMessages(sessionId, { limit: 50 });
  return page.messages.map((m) => m.content);
}

/** The model reaches for other conversations in round one, then answers. */
function snoop(other: string) {
  return scenario({
    anthropic: [
      {
        kind: "stream",
        tools: [
          call("l1", "sessions_list", {}),
          call("h1", "sessions_history", { session_id: other }),
          call("s1", "sessions_send", { session_id: other, message: "Injected by another visitor's model" }),
        ],
      },
      { kind: "stream", text: ["Done."] },
    ],
  });
}

describe("the principal of a turn is whoever sent the message", () => {
  it("a signed-in widget user in a session the tenant's backend created for them sees only their own conversations", async () => {
    const a = await toolTenant({ allow: ALL });
    const secret = await createIdentitySecret(a.tenant.id);
    // Another visitor's conversation, with something private in it.
    const other = a.conversationId;
    await appendUser(other, "my card ends in 4242");

    // The tenant's backend opens a session for user-1 (channel "api"); user-1 chats in it from the widget.
    const created = await apiCall(a.keys.secret, "POST", "/v1/sessions", { user_id: "user-1" });
    const backendSession = ((await created.json()) as any).session.id as string;
    const user = await bootstrap(a.keys.publishable, undefined, await identityToken(secret, { sub: "user-1" }));

    const fake = await snoop(other);
    const { events } = await sendMessage(toolEnv(fake), user, backendSession, { content: "What else is there?" });
    expect(events.at(-1)!.data.type).toBe("message.done");
    const [, second] = await fake.requests("anthropic");
    const listed = resultOf(second!.body, "l1").sessions.map((s: any) => s.id);
    expect(listed).toEqual([backendSession]);
    expect(resultOf(second!.body, "h1")).toEqual({
      error: `There is no conversation ${other} that you may read.`,
    });
    expect(resultOf(second!.body, "s1")).toEqual({ error: `There is no conversation ${other} you may send to.` });
    expect(await contents(a.tenant.id, other)).toEqual(["my card ends in 4242"]);
  }, 60_000);

  it("after a shared browser changes hands, the tools hide what the widget API hides", async () => {
    const a = await toolTenant({ allow: ALL });
    const secret = await createIdentitySecret(a.tenant.id);
    const tokenA = await identityToken(secret, { sub: "user-a" });

    // User A signs in on a shared computer and starts a conversation there.
    const shared = await bootstrap(a.keys.publishable);
    const aOnShared = await bootstrap(a.keys.publishable, shared.visitor, tokenA);
    const aConversation = await newConversation(aOnShared, "Question from A");
    // A signs out; the next person on that computer chats anonymously.
    const anonymous = await bootstrap(a.keys.publishable, aOnShared.visitor);
    const theirs = await newConversation(anonymous, "Private question from the next person");

    // A, now on their own phone, continues their conversation.
    const aOnPhone = await bootstrap(a.keys.publishable, undefined, tokenA);
    const visible = await widgetCall(aOnPhone, "GET", "/conversations");
    const viaApi = ((await visible.json()) as any).data.map((c: any) => c.id);
    expect(viaApi).not.toContain(theirs);

    const fake = await snoop(theirs);
    await sendMessage(toolEnv(fake), aOnPhone, aConversation, { content: "Anything new?" });
    const [, second] = await fake.requests("anthropic");
    const listed = resultOf(second!.body, "l1").sessions.map((s: any) => s.id);
    expect(listed.sort()).toEqual([...viaApi].sort());
    expect(resultOf(second!.body, "h1")).toMatchObject({ error: expect.stringContaining("that you may read") });
    expect(resultOf(second!.body, "s1")).toMatchObject({ error: expect.stringContaining("you may send to") });
    expect(await contents(a.tenant.id, theirs)).toEqual(["Private question from the next person"]);
  }, 60_000);

  it("one ownership rule: the tools' session check agrees with the widget API's list, for every owner", async () => {
    const a = await toolTenant({ allow: ALL });
    const store = sessionStore(env.DB, a.tenant.id);
    const made = [
      await store.create({ channel: "widget", visitorId: "vis_w" }),
      await store.create({ channel: "widget", visitorId: "vis_w", userId: "user-a" }),
      await store.create({ channel: "widget", visitorId: "vis_v", userId: "user-a" }),
      await store.create({ channel: "api", userId: "user-a" }),
      await store.create({ channel: "api", visitorId: "vis_w" }),
      await store.create({ channel: "widget", visitorId: "vis_v" }),
    ];
    const ids = new Set(made.map((s) => s.id));
    for (const owner of [
      { visitorId: "vis_w", userId: null },
      { visitorId: "vis_w", userId: "user-a" },
      { visitorId: "vis_v", userId: "user-b" },
      { visitorId: "vis_x", userId: "user-a" },
    ]) {
      const listed = (await store.list({ owner, limit: 50 })).sessions.map((s) => s.id).filter((id) => ids.has(id));
      const owned = made.filter((s) => ownsConversation(owner, s)).map((s) => s.id);
      expect(listed.sort()).toEqual(owned.sort());
    }
  });
});
