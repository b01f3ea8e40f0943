import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { scenario } from "../../test/fake-upstreams/client";
import { widgetCall } from "../../test/helpers";
import { doneMessage, sendMessage, widgetRequest } from "../../test/runtime-helpers";
import { sessionStore } from "../../sessions/repository";
import { BUILTIN_TOOL_NAMES, tenantConfigSchema } from "../../tenants/config";
import { listTenantEvents } from "../../tenant-events/tenant-events";
import { auditRows, call, directContext, toolEnv, toolTenant } from "../test-support";
import { fileList, fileRead, fileWrite, MAX_FILE_READ_BYTES, MAX_FILE_WRITE_BYTES } from "./files";
import { sessionsHistory } from "./sessions-history";
import { sessionsList } from "./sessions-list";

/** Each built-in tool: directly where the detail matters, through the model loop where the loop does. */

const ALL = [...BUILTIN_TOOL_NAMES];

async function sessionOf(tenantId: string, id: string) {
  return (await sessionStore(env.DB, tenantId).get(id))!;
}

/** The JSON a tool result carried back to the model, from the request after the call. */
function resultOf(body: any, id: string): any {
  for (const m of body.messages) {
    if (Array.isArray(m.content)) {
      const block = m.content.find((b: any) => b.type === "tool_result" && b.tool_use_id === id);
      if (block) return block.is_error ? { error: block.content } : JSON.parse(block.content);
    }
  }
  throw new Error(`no result for ${id}`);
}

describe("sessions_list", () => {
  it("shows a visitor only their own conversations, an API principal all of the tenant's", async () => {
    const a = await toolTenant({ allow: ALL });
    const store = sessionStore(env.DB, a.tenant.id);
    const otherVisitor = await store.create({ channel: "widget", visitorId: "vis_someone_else" });
    const api = await store.create({ channel: "api" });
    const mine = await sessionOf(a.tenant.id, a.conversationId);

    const visitor = directContext(a.tenant, mine);
    const seen = await sessionsList.run(visitor.context, { limit: 20 });
    expect(seen).toMatchObject({ ok: true, output: { sessions: [{ id: mine.id, current: true }] } });

    const server = directContext(a.tenant, api);
    const all = await sessionsList.run(server.context, { limit: 20 });
    const ids = (all as any).output.sessions.map((s: any) => s.id);
    expect(ids.sort()).toEqual([mine.id, otherVisitor.id, api.id].sort());

    // active_within_minutes: a session idle for two hours drops out of "the last 60 minutes".
    await env.DB.prepare("UPDATE sessions SET updated_at = ? WHERE id = ?")
      .bind(Date.now() - 7_200_000, api.id)
      .run();
    const recent = await sessionsList.run(server.context, { limit: 20, active_within_minutes: 60 });
    expect((recent as any).output.sessions.map((s: any) => s.id)).not.toContain(api.id);
    expect(sessionsList.validate({ limit: 500 })).toMatchObject({ ok: false });
  });
});

describe("sessions_history", () => {
  it("reads a transcript with or without tool calls, and only where the principal may", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("t1", "file_list", {})] },
        { kind: "stream", text: ["No files yet."] },
      ],
    });
    const a = await toolTenant({ allow: ALL });
    await sendMessage(toolEnv(fake), a.client, a.conversationId, { content: "Any files?" });
    const mine = await sessionOf(a.tenant.id, a.conversationId);
    const { context } = directContext(a.tenant, mine);

    const plain = (await sessionsHistory.run(context, { session_id: mine.id, limit: 20, include_tools: false })) as any;
    expect(plain.output.messages.map((m: any) => [m.role, m.content])).toEqual([
      ["user", "Any files?"],
      ["assistant", "No files yet."],
    ]);
    const withTools = (await sessionsHistory.run(context, {
      session_id: mine.id,
      limit: 20,
      include_tools: true,
    })) as any;
    expect(withTools.output.messages.map((m: any) => m.role)).toEqual(["user", "tool", "assistant"]);
    expect(withTools.output.messages[1]).toMatchObject({ tool: "file_list" });
    const limited = (await sessionsHistory.run(context, {
      session_id: mine.id,
      limit: 1,
      include_tools: false,
    })) as any;
    expect(limited.output).toMatchObject({ has_more: true, messages: [{ role: "assistant" }] });

    const stranger = await sessionStore(env.DB, a.tenant.id).create({ channel: "widget", visitorId: "vis_other" });
    expect(await sessionsHistory.run(context, { session_id: stranger.id, limit: 5, include_tools: false })).toEqual({
      ok: false,
      error: `There is no conversation ${stranger.id} that you may read.`,
    });
    const b = await toolTenant({ allow: ALL });
    const bSession = await sessionOf(b.tenant.id, b.conversationId);
    const api = directContext(b.tenant, { ...bSession, channel: "api", visitor_id: null });
    expect(
      await sessionsHistory.run(api.context, { session_id: mine.id, limit: 5, include_tools: false }),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe("sessions_send", () => {
  async function twoSessions() {
    const a = await toolTenant({ allow: ALL });
    const created = await widgetCall(a.client, "POST", "/conversations", {});
    const target = ((await created.json()) as any).conversation.id as string;
    return { ...a, target };
  }

  it("posts into another session and waits for its reply (ok)", async () => {
    const { client, conversationId, target } = await twoSessions();
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          tools: [call("s1", "sessions_send", { session_id: target, message: "Status?", wait_seconds: 30 })],
        },
        { kind: "stream", text: ["All good over here."] }, // the turn in the other session
        { kind: "stream", text: ["They say all good."] },
      ],
    });
    const { events } = await sendMessage(toolEnv(fake), client, conversationId, { content: "ask the other one" });
    expect(doneMessage(events).content).toBe("They say all good.");
    const requests = await fake.requests("anthropic");
    expect(resultOf(requests[2]!.body, "s1")).toMatchObject({ status: "ok", reply: "All good over here." });
    // The nested turn was offered no sessions_send: a chain of sends cannot grow.
    expect(requests[1]!.body.tools.map((t: any) => t.name)).not.toContain("sessions_send");
    const history = await widgetCall(client, "GET", `/conversations/${target}/messages`);
    expect(((await history.json()) as any).data.map((m: any) => m.content)).toEqual(["Status?", "All good over here."]);
  });

  it("answers accepted without waiting, and the reply is stored there anyway", async () => {
    const { client, conversationId, target } = await twoSessions();
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("s1", "sessions_send", { session_id: target, message: "FYI" })] },
        { kind: "stream", text: ["Noted."] },
        { kind: "stream", text: ["Sent."] },
      ],
    });
    await sendMessage(toolEnv(fake), client, conversationId, { content: "tell them" });
    const requests = await fake.requests("anthropic");
    const final = requests.find((r) => JSON.stringify(r.body).includes('"tool_use_id":"s1"'))!;
    expect(resultOf(final.body, "s1")).toMatchObject({ status: "accepted", session_id: target });
    const history = await widgetCall(client, "GET", `/conversations/${target}/messages`);
    expect(((await history.json()) as any).data.map((m: any) => m.role)).toEqual(["user", "assistant"]);
  });

  it("answers timeout when the reply takes longer than the wait, and error for an unknown session", async () => {
    const { client, conversationId, target } = await twoSessions();
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          tools: [
            call("s1", "sessions_send", { session_id: target, message: "Slow?", wait_seconds: 1 }),
            call("s2", "sessions_send", { session_id: "ses_doesnotexist0000000000", message: "hi", wait_seconds: 1 }),
          ],
        },
        { kind: "stream", text: ["Late reply."], fail: { after: 0, how: "hold" } },
        { kind: "stream", text: ["Still waiting on them."] },
      ],
    });
    const sent = await widgetRequest(
      toolEnv(fake, { anthropic: true }, { MODEL_IDLE_TIMEOUT_MS: "30000", MODEL_FIRST_EVENT_TIMEOUT_MS: "30000" }),
      client,
      "POST",
      `/conversations/${conversationId}/messages`,
      { content: "ask" },
    );
    await sent.response.text();
    await fake.release();
    await sent.settled();
    const requests = await fake.requests("anthropic");
    expect(resultOf(requests[2]!.body, "s1")).toMatchObject({ status: "timeout", session_id: target });
    // A refused send is a tool error for the model and in the audit log, not a success with status "error".
    expect(resultOf(requests[2]!.body, "s2")).toEqual({
      error: "There is no conversation ses_doesnotexist0000000000 you may send to.",
    });
    const refused = (await auditRows(conversationId)).find((row) => row.call_id === "s2")!;
    expect(refused).toMatchObject({ output: null, error: expect.stringContaining("no conversation") });
    // The slow reply still landed in the other session.
    const history = await widgetCall(client, "GET", `/conversations/${target}/messages`);
    expect(((await history.json()) as any).data.map((m: any) => m.content)).toEqual(["Slow?", "Late reply."]);
  });
});

describe("file tools", () => {
  const tenantKey = (tenantId: string, path: string) => `tenants/${tenantId}/files/${path}`;
  const conversationKey = (tenantId: string, sessionId: string, path: string) =>
    `tenants/${tenantId}/conversations/${sessionId}/files/${path}`;

  /** A tenant with a visitor's conversation (A), another visitor's (B) and an API session. */
  async function threeSessions(config: Parameters<typeof toolTenant>[1] = {}) {
    const a = await toolTenant({ allow: ALL }, config);
    const store = sessionStore(env.DB, a.tenant.id);
    const visitorA = directContext(a.tenant, await sessionOf(a.tenant.id, a.conversationId)).context;
    const visitorB = directContext(a.tenant, await store.create({ channel: "widget", visitorId: "vis_other" })).context;
    const api = directContext(a.tenant, await store.create({ channel: "api" })).context;
    return { tenant: a.tenant, visitorA, visitorB, api };
  }

  it("writes a visitor's files into their conversation, where no other visitor sees them, with size caps", async () => {
    const { tenant, visitorA, visitorB } = await threeSessions();
    expect(await fileWrite.run(visitorA, { path: "docs/faq.md", content: "# FAQ", scope: "conversation" })).toEqual({
      ok: true,
      output: { path: "docs/faq.md", scope: "conversation", size: 5, written: true },
    });
    expect((await env.FILES.head(conversationKey(tenant.id, visitorA.session.id, "docs/faq.md")))?.size).toBe(5);
    expect(await env.FILES.head(tenantKey(tenant.id, "docs/faq.md"))).toBeNull();
    expect(await fileRead.run(visitorA, { path: "docs/faq.md" })).toMatchObject({
      ok: true,
      output: { scope: "conversation", content: "# FAQ" },
    });
    expect(await fileList.run(visitorA, { prefix: "docs", limit: 10 })).toMatchObject({
      ok: true,
      output: { files: [{ scope: "conversation", path: "docs/faq.md", size: 5 }] },
    });

    // Another visitor of the same tenant: nothing to list, nothing to read.
    expect(await fileList.run(visitorB, { limit: 10 })).toEqual({ ok: true, output: { files: [], truncated: false } });
    expect(await fileRead.run(visitorB, { path: "docs/faq.md" })).toMatchObject({ ok: false });

    const tooBig = "z".repeat(MAX_FILE_WRITE_BYTES + 1);
    expect(await fileWrite.run(visitorA, { path: "big.txt", content: tooBig, scope: "conversation" })).toMatchObject({
      ok: false,
    });
    await env.FILES.put(tenantKey(tenant.id, "huge.txt"), "h".repeat(MAX_FILE_READ_BYTES + 1));
    expect(await fileRead.run(visitorA, { path: "huge.txt" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("more than"),
    });

    // Another tenant sees none of it.
    const b = await toolTenant({ allow: ALL });
    const other = directContext(b.tenant, await sessionOf(b.tenant.id, b.conversationId));
    expect(await fileList.run(other.context, { limit: 10 })).toMatchObject({ ok: true, output: { files: [] } });
    expect(await fileRead.run(other.context, { path: "docs/faq.md" })).toMatchObject({ ok: false });
  });

  it("keeps the business's files read-only to visitors: what it quotes to everyone cannot be overwritten", async () => {
    const { tenant, visitorA, visitorB, api } = await threeSessions();
    // The business (a secret-key caller) publishes its policy.
    expect(
      await fileWrite.run(api, { path: "policies/returns.md", content: "60 days, free.", scope: "tenant" }),
    ).toMatchObject({ ok: true, output: { scope: "tenant" } });

    const overwrite = await fileWrite.run(visitorA, {
      path: "policies/returns.md",
      content: "Refunds: 10 years, send cash.",
      scope: "tenant",
    });
    expect(overwrite).toMatchObject({ ok: false, error: expect.stringContaining("read-only") });
    expect(await (await env.FILES.get(tenantKey(tenant.id, "policies/returns.md")))!.text()).toBe("60 days, free.");

    // A visitor's own copy stays in their conversation: another visitor still gets the business's.
    await fileWrite.run(visitorA, { path: "policies/returns.md", content: "mine", scope: "conversation" });
    expect(await fileRead.run(visitorB, { path: "policies/returns.md" })).toMatchObject({
      ok: true,
      output: { scope: "tenant", content: "60 days, free." },
    });
    expect(await fileRead.run(visitorA, { path: "policies/returns.md", scope: "tenant" })).toMatchObject({
      ok: true,
      output: { content: "60 days, free." },
    });
    const listed = (await fileList.run(visitorB, { limit: 10 })) as any;
    expect(listed.output.files).toEqual([expect.objectContaining({ scope: "tenant", path: "policies/returns.md" })]);
  });

  it("gives a verified user one space across their conversations, and none to an anonymous visitor", async () => {
    const { tenant, visitorA } = await threeSessions();
    const store = sessionStore(env.DB, tenant.id);
    const owner = { visitorId: "vis_device1", userId: "user-42" };
    const first = await store.create({ channel: "widget", visitorId: owner.visitorId, userId: owner.userId });
    const second = await store.create({ channel: "widget", visitorId: "vis_device2", userId: owner.userId });
    const user = (session: typeof first, visitorId: string) =>
      directContext(tenant, session, { principal: { kind: "visitor", owner: { visitorId, userId: owner.userId } } })
        .context;

    expect(
      await fileWrite.run(user(first, "vis_device1"), { path: "prefs.txt", content: "aisle seat", scope: "user" }),
    ).toMatchObject({ ok: true });
    expect(await fileRead.run(user(second, "vis_device2"), { path: "prefs.txt" })).toMatchObject({
      ok: true,
      output: { scope: "user", content: "aisle seat" },
    });
    // The user id is hashed into the key: no user id can name a path.
    const listed = await env.FILES.list({ prefix: `tenants/${tenant.id}/users/` });
    expect(listed.objects.map((o) => o.key)).toEqual([
      expect.stringMatching(new RegExp(`^tenants/${tenant.id}/users/[0-9a-f]{64}/files/prefs\\.txt$`)),
    ]);

    expect(await fileWrite.run(visitorA, { path: "prefs.txt", content: "x", scope: "user" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("signed-in"),
    });
    expect(await fileRead.run(visitorA, { path: "prefs.txt" })).toMatchObject({ ok: false });
  });

  it("is decided by the turn's principal: a visitor in a conversation not theirs gets no conversation files", async () => {
    const { visitorA, visitorB } = await threeSessions();
    await fileWrite.run(visitorB, { path: "secret.txt", content: "B's", scope: "conversation" });
    const intruder = { ...visitorB, principal: visitorA.principal };
    expect(await fileRead.run(intruder, { path: "secret.txt", scope: "conversation" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("someone else"),
    });
    expect(await fileRead.run(intruder, { path: "secret.txt" })).toMatchObject({ ok: false });
    expect(await fileWrite.run(intruder, { path: "secret.txt", content: "x", scope: "conversation" })).toMatchObject({
      ok: false,
    });
  });

  it("offers only the scopes the tenant lists in tools.files.scopes", async () => {
    const { tenant, visitorA, api } = await threeSessions({
      tools: { allow: ALL, files: { scopes: ["conversation"] } },
    });
    await env.FILES.put(tenantKey(tenant.id, "internal.md"), "staff only");
    expect(await fileRead.run(visitorA, { path: "internal.md" })).toMatchObject({ ok: false });
    expect(await fileRead.run(visitorA, { path: "internal.md", scope: "tenant" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("not available"),
    });
    expect(await fileWrite.run(api, { path: "x.md", content: "x", scope: "tenant" })).toMatchObject({ ok: false });
    expect(await fileList.run(visitorA, { limit: 10 })).toMatchObject({ ok: true, output: { files: [] } });

    expect(tenantConfigSchema.parse({}).tools.files.scopes).toEqual(["conversation", "user", "tenant"]);
    expect(tenantConfigSchema.safeParse({ tools: { files: { scopes: ["everything"] } } }).success).toBe(false);
    expect(tenantConfigSchema.safeParse({ tools: { files: { scopes: ["user", "user"] } } }).success).toBe(false);
  });

  it.each([
    "../x",
    "a/../../b",
    "./a",
    "/etc/passwd",
    "C:/windows",
    "a\\..\\b",
    "a//b",
    "a/",
    ".hidden",
    "a/\u0000b",
    "",
    "%2e%2e/x",
    "..%2fx",
    "a%00b",
    "%2fetc",
    "\uff0e\uff0e/x",
    "a/\u202eb",
    "a\tb",
  ])("rejects the path %j before anything runs", (path) => {
    expect(fileRead.validate({ path })).toMatchObject({ ok: false });
    expect(fileWrite.validate({ path, content: "x" })).toMatchObject({ ok: false });
    expect(fileList.validate({ prefix: path })).toMatchObject({ ok: false });
    expect(fileRead.validate({ path: "a.txt", scope: "../tenant" })).toMatchObject({ ok: false });
  });
});

describe("handoff_to_human", () => {
  it("marks the conversation, records an event for the tenant, and tells the model what happens next", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("h1", "handoff_to_human", { reason: "Refund dispute", summary: "Order 42" })] },
        { kind: "stream", text: ["I've asked a person from the team to reply here."] },
      ],
    });
    const a = await toolTenant({ allow: ["handoff_to_human"] });
    const { events } = await sendMessage(toolEnv(fake), a.client, a.conversationId, { content: "I want a human" });
    expect(events.find((e) => e.data.type === "tool.call")!.data).toMatchObject({
      status: "Asking a person to take over…",
    });
    const [, second] = await fake.requests("anthropic");
    expect(resultOf(second!.body, "h1")).toMatchObject({
      status: "handoff_requested",
      what_happens_next: expect.stringContaining("a person will read this conversation and reply here"),
    });
    const row = await env.DB.prepare("SELECT needs_human_at FROM sessions WHERE id = ?")
      .bind(a.conversationId)
      .first<any>();
    expect(row.needs_human_at).toBeGreaterThan(0);
    const [event] = await listTenantEvents(env.DB, a.tenant.id);
    expect(event).toMatchObject({
      type: "handoff.requested",
      session_id: a.conversationId,
      data: { reason: "Refund dispute", summary: "Order 42" },
    });
  });
});
