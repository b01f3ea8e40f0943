import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { errorOf, ORIGIN, parseSse, startConversation, widgetCall } from "../test/helpers";
import { adminCreateTenant, apiCall, countRows } from "../test/tenancy-helpers";
import { usagePeriod } from "./usage";

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

async function setUsage(tenantId: string, messages: number, inputTokens: number) {
  await env.DB.prepare(
    `INSERT INTO usage (tenant_id, period, messages, input_tokens, output_tokens, cost_micros) VALUES (?, ?, ?, ?, 0, 0)
     ON CONFLICT (tenant_id, period) DO UPDATE SET messages = excluded.messages, input_tokens = excluded.input_tokens`,
  )
    .bind(tenantId, usagePeriod(), messages, inputTokens)
    .run();
}

function nextMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}

describe("monthly quotas", () => {
  it.each([
    ["monthly_messages", "starter", 1_000, 0, 1_000],
    ["monthly_input_tokens", "starter", 10, 100_000, 100_000],
    ["monthly_messages", "business", 50_000, 0, 50_000],
  ])("refuses a message over %s (%s) with 429 and writes nothing", async (quota, tier, messages, tokens, limit) => {
    const { tenant, keys } = await adminCreateTenant("Quota", {
      tier,
      allowed_origins: [ORIGIN],
      assistant: { knowledge },
    });
    const { client, conversationId } = await startConversation(keys.publishable);
    await setUsage(tenant.id, messages, tokens);

    const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "Shipping?" });
    expect(res.status).toBe(429);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ORIGIN);
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(31 * 86_400);
    const error = await errorOf(res);
    expect(error.type).toBe("quota_exceeded");
    expect(error.details).toEqual({
      quota,
      used: quota === "monthly_messages" ? messages : tokens,
      limit,
      resets_at: nextMonth(),
    });
    expect(await countRows("messages", tenant.id)).toBe(0);
  });

  it("lets a tenant just under its quota through, and counts the answered turn", async () => {
    const { tenant, keys } = await adminCreateTenant("Under", { allowed_origins: [ORIGIN], assistant: { knowledge } });
    const { client, conversationId } = await startConversation(keys.publishable);
    await setUsage(tenant.id, 999, 0);
    const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "Shipping?" });
    expect(res.status).toBe(200);
    expect(parseSse(await res.text()).at(-1)!.data.type).toBe("message.done");
    const again = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "More?" });
    expect(again.status).toBe(429);
  });

  it("never limits enterprise", async () => {
    const { tenant, keys } = await adminCreateTenant("Big", { tier: "enterprise", allowed_origins: [ORIGIN] });
    const { client, conversationId } = await startConversation(keys.publishable);
    await setUsage(tenant.id, 10_000_000, 10_000_000_000);
    const res = await widgetCall(client, "POST", `/conversations/${conversationId}/messages`, { content: "Hi" });
    expect(res.status).toBe(200);
    await res.text();
  });
});

describe("GET /v1/usage", () => {
  it("reports the calling tenant's month, and only its own", async () => {
    const a = await adminCreateTenant("UsageA", { tier: "pro" });
    const b = await adminCreateTenant("UsageB");
    await setUsage(a.tenant.id, 42, 4_200);
    await setUsage(b.tenant.id, 7, 700);
    const res = await apiCall(a.keys.secret, "GET", "/v1/usage");
    expect(res.status).toBe(200);
    const { usage } = (await res.json()) as any;
    expect(usage).toMatchObject({
      period: usagePeriod(),
      tier: "pro",
      messages: 42,
      input_tokens: 4_200,
      limits: { monthly_messages: 10_000, monthly_input_tokens: 1_000_000 },
      resets_at: nextMonth(),
    });
    const old = (await (await apiCall(a.keys.secret, "GET", "/v1/usage?period=2020-01")).json()) as any;
    expect(old.usage).toMatchObject({ period: "2020-01", messages: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 });
    expect((await apiCall(a.keys.secret, "GET", "/v1/usage?period=jan")).status).toBe(400);
  });
});
