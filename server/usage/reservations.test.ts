import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { apiHarness } from "../test/api-helpers";
import { ORIGIN, startConversation } from "../test/helpers";
import { widgetRequest } from "../test/runtime-helpers";
import { adminCreateTenant, apiCall } from "../test/tenancy-helpers";
import { loadTenantCredentials } from "../llm/credentials";
import { routeTurn } from "../llm/routing/router";
import type { ModelProvider } from "../llm/provider";
import { sessionStore } from "../sessions/repository";
import { loadTenant } from "../tenants/resolve";
import { PLANS } from "../tenants/plans";
import { runTurn } from "../turns/run-turn";
import { reserveTurn } from "./reservations";
import { usagePeriod } from "./usage";

/** Quotas hold under concurrency: a turn reserves its share before it runs, and gives back what it did not use. */

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

async function setUsage(tenantId: string, messages: number, inputTokens: number) {
  await env.DB.prepare(
    `INSERT INTO usage (tenant_id, period, messages, input_tokens, output_tokens, cost_micros) VALUES (?, ?, ?, ?, 0, 0)
     ON CONFLICT (tenant_id, period) DO UPDATE SET messages = excluded.messages, input_tokens = excluded.input_tokens`,
  )
    .bind(tenantId, usagePeriod(), messages, inputTokens)
    .run();
}

async function usageOf(tenantId: string) {
  return (await env.DB.prepare("SELECT messages, input_tokens FROM usage WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ messages: number; input_tokens: number }>())!;
}

async function reservations(tenantId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM usage_reservations WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ n: number }>();
  return row!.n;
}

describe("quota reservations", () => {
  it("never lets parallel messages from every entry point run past the monthly messages", async () => {
    const { tenant, keys } = await adminCreateTenant("Burst", { allowed_origins: [ORIGIN], assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);
    const created = await apiCall(keys.secret, "POST", "/v1/sessions", {});
    const apiSession = ((await created.json()) as any).session.id as string;
    const limit = PLANS.starter.monthly_messages!;
    await setUsage(tenant.id, limit - 5, 0);

    const widget = widgetRequest.bind(null, env, client);
    const api = apiHarness(keys.secret);
    const statusOf = async (res: Response) => {
      await res.text();
      return res.status;
    };
    const sends = Array.from({ length: 8 }, (_, i) => [
      widget("POST", `/conversations/${conversationId}/messages`, { content: `Shipping ${i}?` }).then(async (sent) => {
        const status = await statusOf(sent.response);
        await sent.settled();
        return status;
      }),
      api
        .fetch(`/v1/sessions/${apiSession}/messages`, {
          method: "POST",
          body: JSON.stringify({ content: `Shipping ${i}?` }),
        })
        .then(statusOf),
      api
        .fetch("/v1/chat/completions", {
          method: "POST",
          body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: `Shipping ${i}?` }] }),
        })
        .then(statusOf),
    ]).flat();
    const statuses = await Promise.all(sends);
    await api.settled();

    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(sends.length - 5);
    expect(await reservations(tenant.id)).toBe(0);
    expect((await usageOf(tenant.id)).messages).toBe(limit);
  }, 120_000);

  it("keeps parallel turns within the monthly input tokens, give or take one turn", async () => {
    const { tenant, keys } = await adminCreateTenant("Tokens", { allowed_origins: [ORIGIN], assistant: { knowledge } });
    const limit = PLANS.starter.monthly_input_tokens!;
    await setUsage(tenant.id, 0, limit - 100);
    const api = apiHarness(keys.secret);

    const results = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const created = await api.fetch("/v1/sessions", { method: "POST", body: "{}" });
        const session = ((await created.json()) as any).session.id as string;
        const res = await api.fetch(`/v1/sessions/${session}/messages`, {
          method: "POST",
          body: JSON.stringify({ content: `Do you ship to country number ${i}?` }),
        });
        await res.text();
        return res.status;
      }),
    );
    await api.settled();
    expect(results.filter((status) => status === 429).length).toBeGreaterThan(0);
    // Input tokens of each answer a model produced (others were stopped before their model call).
    const { results: answers } = await env.DB.prepare(
      "SELECT input_tokens FROM messages WHERE tenant_id = ? AND role = 'assistant' AND input_tokens > 0",
    )
      .bind(tenant.id)
      .all<{ input_tokens: number }>();
    expect(answers.length).toBeGreaterThan(0);
    const oneTurn = Math.max(...answers.map((a) => a.input_tokens));
    expect((await usageOf(tenant.id)).input_tokens).toBeLessThanOrEqual(limit + oneTurn);
    expect(await reservations(tenant.id)).toBe(0);
  }, 120_000);

  it("releases a failed turn's reservation: it counts nothing and blocks nobody", async () => {
    const { tenant: created, keys } = await adminCreateTenant("Fails", { allowed_origins: [ORIGIN] });
    const tenant = (await loadTenant(env, created.id))!;
    const { conversationId } = await startConversation(keys.publishable);
    const limit = PLANS.starter.monthly_messages!;
    await setUsage(tenant.id, limit - 1, 0);

    const store = sessionStore(env.DB, tenant.id);
    const session = (await store.get(conversationId))!;
    const userMessage = await store.appendMessage(session.id, { role: "user", content: "hi" });
    const hold = await reserveTurn(env.DB, tenant, 1);
    // The last message of the month is held: nobody else gets it meanwhile.
    await expect(reserveTurn(env.DB, tenant, 1)).rejects.toMatchObject({ status: 429 });

    const broken: ModelProvider = {
      id: "anthropic",
      // eslint-disable-next-line require-yield
      async *stream() {
        throw new Error("boom");
      },
    };
    const route = routeTurn({
      env,
      tenant,
      credentials: await loadTenantCredentials(env, tenant.id),
      text: "hi",
      caller: { kind: "visitor" },
    });
    const failing = { ...route, chain: [{ ...route.chain[0]!, provider: broken, breakerKey: "test:broken" }] };
    const stored = await runTurn({
      env,
      tenant,
      store,
      session,
      userMessage,
      route: failing,
      channel: { send: () => 0, close: async () => {}, disconnected: true },
      caller: { kind: "visitor", owner: { visitorId: session.visitor_id!, userId: null } },
      hold,
    });
    expect(stored).toBeNull();
    expect(await reservations(tenant.id)).toBe(0);
    expect((await usageOf(tenant.id)).messages).toBe(limit - 1);
    // Released: the month's last message is there to take again.
    await expect(reserveTurn(env.DB, tenant, 1)).resolves.toMatchObject({ tenantId: tenant.id });
  }, 60_000);
});
