import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { scenario } from "../test/fake-upstreams/client";
import { widgetCall } from "../test/helpers";
import { sendMessage } from "../test/runtime-helpers";
import { loadTenantCredentials } from "../llm/credentials";
import { routeTurn } from "../llm/routing/router";
import { sessionStore } from "../sessions/repository";
import { BUILTIN_TOOL_NAMES, type TenantConfigInput } from "../tenants/config";
import { auditRows, call, toolEnv, toolTenant } from "../tools/test-support";
import { usagePeriod } from "../usage/usage";
import { reserveTurn } from "../usage/reservations";
import { forwarding } from "./forwarding";
import { runTurn } from "./run-turn";
import type { TurnInput } from "./turn-input";

/** sessions_send's bounds: how many per turn, one deadline, the sender's rate limit and the tenant's quota. */

const ALL = [...BUILTIN_TOOL_NAMES];

async function withTarget(limits: NonNullable<TenantConfigInput["tools"]>["limits"] = {}) {
  const a = await toolTenant({ allow: ALL, limits });
  const created = await widgetCall(a.client, "POST", "/conversations", {});
  const target = ((await created.json()) as any).conversation.id as string;
  return { ...a, target };
}

async function roles(tenantId: string, sessionId: string) {
  const page = await sessionStore(env.DB, tenantId).listMessages(sessionId, { limit: 50 });
  return page.messages.map((m) => [m.role, m.content]);
}

const send = (id: string, session_id: string) => call(id, "sessions_send", { session_id, message: `Hello ${id}` });

describe("sessions_send is bounded by the turn that sends", () => {
  it("passes on at most max_sends_per_turn messages; the rest are refused and logged as errors", async () => {
    const { tenant, client, conversationId, target } = await withTarget({ max_sends_per_turn: 2 });
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [send("s1", target), send("s2", target), send("s3", target)] },
        { kind: "stream", text: ["Done."] },
        { kind: "stream", text: ["Done."] },
        { kind: "stream", text: ["Done."] },
      ],
    });
    await sendMessage(toolEnv(fake), client, conversationId, { content: "tell them thrice" });
    const audit = (await auditRows(conversationId)).sort((x, y) => x.call_id.localeCompare(y.call_id));
    expect(audit.map((r) => [r.call_id, r.error === null])).toEqual([
      ["s1", true],
      ["s2", true],
      ["s3", false],
    ]);
    expect(audit[2]!.error).toContain("at most 2 messages");
    const forwarded = (await roles(tenant.id, target)).filter(([role]) => role === "user");
    expect(forwarded.map(([, content]) => content).sort()).toEqual(["Hello s1", "Hello s2"]);
  }, 60_000);

  it("spends the sender's rate limit on every model call of a forwarded turn", async () => {
    const { tenant, client, conversationId, target } = await withTarget();
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          tools: [call("s1", "sessions_send", { session_id: target, message: "Hi", wait_seconds: 30 })],
        },
        { kind: "stream", text: ["Done."] },
      ],
    });
    // The sender's visitor limit allows this request, and nothing more.
    const keys: string[] = [];
    const RATE_LIMIT_VISITOR = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: keys.length <= 1 };
      },
    };
    const testEnv = { ...toolEnv(fake), RATE_LIMIT_VISITOR } as unknown as Env;
    await sendMessage(testEnv, client, conversationId, { content: "ask them" });
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    // The forwarded turn made no model call: it ended on the sender's rate limit.
    const requests = await fake.requests("anthropic");
    expect(requests).toHaveLength(2);
    const replies = (await roles(tenant.id, target)).filter(([role]) => role === "assistant");
    expect(replies).toEqual([["assistant", expect.stringContaining("rate limit")]]);
  }, 60_000);

  it("counts forwarded turns against the tenant's quota, and refuses one that does not fit", async () => {
    const { tenant, client, conversationId, target } = await withTarget();
    // Starter: 1,000 messages. This turn takes the 999th; one forwarded turn fits, the next does not.
    await env.DB.prepare(
      "INSERT INTO usage (tenant_id, period, messages, input_tokens, output_tokens, cost_micros) VALUES (?, ?, 998, 0, 0, 0)",
    )
      .bind(tenant.id, usagePeriod())
      .run();
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [send("s1", target), send("s2", target)] },
        { kind: "stream", text: ["Done."] },
        { kind: "stream", text: ["Done."] },
      ],
    });
    await sendMessage(toolEnv(fake), client, conversationId, { content: "tell them twice" });
    const audit = await auditRows(conversationId);
    const refused = audit.filter((r) => r.error !== null);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.error).toContain("monthly messages");
    const usage = await env.DB.prepare("SELECT messages FROM usage WHERE tenant_id = ?").bind(tenant.id).first<any>();
    expect(usage.messages).toBe(1_000);
  }, 60_000);

  it("runs a forwarded turn for the same caller, one level deeper, by the sender's deadline", async () => {
    const { tenant, conversationId, target } = await withTarget();
    const store = sessionStore(env.DB, tenant.id);
    const session = (await store.get(conversationId))!;
    const userMessage = await store.appendMessage(session.id, { role: "user", content: "hi" });
    const credentials = await loadTenantCredentials(env, tenant.id);
    const parent: TurnInput = {
      env,
      tenant,
      store,
      session,
      userMessage,
      route: routeTurn({ env, tenant, credentials, text: "hi", caller: { kind: "visitor" } }),
      channel: { send: () => 0, close: async () => {}, disconnected: true },
      caller: { kind: "visitor", owner: { visitorId: session.visitor_id!, userId: null } },
      hold: await reserveTurn(env.DB, tenant, 1),
    };
    const deadline = Date.now() + 3_600_000;
    const started: TurnInput[] = [];
    const forward = forwarding({
      parent,
      deadline,
      track: () => {},
      run: async (input) => {
        started.push(input);
        return null;
      },
    });
    const targetSession = (await store.get(target))!;
    expect(await forward(targetSession, "Status?")).toMatchObject({ ok: true });
    expect(started[0]).toMatchObject({ deadline, caller: parent.caller, depth: 1, session: { id: target } });

    const late = forwarding({ parent, deadline: Date.now() - 1, track: () => {}, run: async () => null });
    expect(await late(targetSession, "Status?")).toEqual({ ok: false, error: expect.stringContaining("time limit") });
  });

  it("ends a turn by the deadline it is given, not one of its own", async () => {
    const { tenant, conversationId } = await withTarget();
    const fake = await scenario({
      anthropic: [
        { kind: "stream", tools: [call("f1", "file_list", {})] },
        { kind: "stream", text: ["Should not be asked."] },
      ],
    });
    const testEnv = toolEnv(fake);
    const store = sessionStore(env.DB, tenant.id);
    const session = (await store.get(conversationId))!;
    const userMessage = await store.appendMessage(session.id, { role: "user", content: "files?" });
    const credentials = await loadTenantCredentials(testEnv, tenant.id);
    const stored = await runTurn({
      env: testEnv,
      tenant,
      store,
      session,
      userMessage,
      route: routeTurn({ env: testEnv, tenant, credentials, text: "files?", caller: { kind: "visitor" } }),
      channel: { send: () => 0, close: async () => {}, disconnected: true },
      caller: { kind: "visitor", owner: { visitorId: session.visitor_id!, userId: null } },
      hold: await reserveTurn(env.DB, tenant, 1),
      // The sender's deadline, already passed when this turn's first round ends.
      deadline: Date.now() - 1,
    });
    expect(stored?.content).toContain("time limit");
    expect(await auditRows(conversationId)).toEqual([]);
    expect(await fake.requests("anthropic")).toHaveLength(1);
  }, 60_000);
});
