import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { scenario, envFor } from "../test/fake-upstreams/client";
import { createTenant, startConversation } from "../test/helpers";
import { deltasOf, doneMessage, sendMessage, storedMessage } from "../test/runtime-helpers";
import type { TenantConfigInput } from "../tenants/config";

/** Whole turns through the widget API, answered by fake upstreams through the real SDKs. */

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

async function setup(config: TenantConfigInput = {}) {
  const { tenant, keys } = await createTenant({ assistant: { knowledge }, ...config });
  const conversation = await startConversation(keys.publishable);
  return { tenant, ...conversation };
}

describe("a turn answered by a real model", () => {
  it("streams the model's text, stores it with model, reason, usage and cost, and keeps thinking private", async () => {
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          thinking: ["The visitor wants ", "shipping times."],
          text: ["We ship ", "in 3 days."],
          usage: { input_tokens: 1000, output_tokens: 200 },
        },
      ],
    });
    const { tenant, client, conversationId } = await setup({ model: { thinking: "low" } });
    const { events } = await sendMessage(envFor(env, fake), client, conversationId, { content: "Shipping time?" });

    const types = events.map((e) => e.data.type);
    expect(types[0]).toBe("message.user");
    expect(types[1]).toBe("message.start");
    expect(types.at(-1)).toBe("message.done");
    const done = doneMessage(events);
    expect(deltasOf(events)).toBe("We ship in 3 days.");
    expect(done).toMatchObject({ content: "We ship in 3 days.", status: "complete", model: "claude-haiku-5-5" });
    expect(JSON.stringify(events)).not.toContain("shipping times");

    const stored = await storedMessage(done.id);
    expect(stored!.model_reason).toBe("hybrid: simple turn, cheap model");
    // claude-haiku-5-5: $1 / $5 per million tokens = 1 / 5 micro-dollars per token.
    expect(stored!.cost_micros).toBe(1000 * 1 + 200 * 5);
    expect(JSON.parse(stored!.metadata)).toMatchObject({ thinking: "The visitor wants shipping times." });
    const usage = await env.DB.prepare("SELECT * FROM usage WHERE tenant_id = ?").bind(tenant.id).first<any>();
    expect(usage).toMatchObject({ messages: 1, input_tokens: 1000, output_tokens: 200, cost_micros: 2000 });

    const [request] = await fake.requests("anthropic");
    expect(request!.body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
    expect(request!.body.system).toContain("We ship worldwide");
  });
});

describe("routing", () => {
  it("sends a complex turn to the stronger model when the plan has one, the cheap one otherwise", async () => {
    const complex =
      "Compare your shipping options step by step and explain why one is cheaper:\n```js\nconst a = 1;\n```";
    for (const [tier, model, reason] of [
      ["pro", "claude-sonnet-5-5", /^hybrid: complex turn \(code, multi-step\), stronger model$/],
      ["starter", "claude-haiku-5-5", /plan has no stronger model/],
    ] as const) {
      const fake = await scenario({ anthropic: [{ kind: "stream", text: ["Sure."] }] });
      const { client, conversationId } = await setup({ tier });
      const done = doneMessage(
        (await sendMessage(envFor(env, fake), client, conversationId, { content: complex })).events,
      );
      expect(done.model).toBe(model);
      expect((await storedMessage(done.id))!.model_reason).toMatch(reason);
    }
  });

  it("uses the tenant's pinned model, and a per-request model only when overrides are allowed", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["pinned"] },
        { kind: "stream", text: ["requested"] },
      ],
    });
    const { tenant, client, conversationId } = await setup({
      tier: "enterprise",
      model: { default_model: "claude-opus-5-5", allow_override: true },
    });
    const testEnv = envFor(env, fake);
    const pinned = doneMessage((await sendMessage(testEnv, client, conversationId, { content: "hi" })).events);
    expect(pinned.model).toBe("claude-opus-5-5");
    expect((await storedMessage(pinned.id))!.model_reason).toBe("pinned by the tenant");
    const requested = doneMessage(
      (await sendMessage(testEnv, client, conversationId, { content: "hi", model: "claude-sonnet-5-5" })).events,
    );
    expect(requested.model).toBe("claude-sonnet-5-5");
    expect((await storedMessage(requested.id))!.model_reason).toBe("requested by the client");

    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<any>();
    const unknown = await sendMessage(testEnv, client, conversationId, { content: "hi", model: "gpt-99" });
    expect(unknown.response.status).toBe(400);
    expect(unknown.text).toContain("Unknown model");
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE tenant_id = ?")
      .bind(tenant.id)
      .first<any>();
    expect(after.n).toBe(before.n);
  });

  it("refuses a per-request model the plan does not include, or when overrides are off", async () => {
    const fake = await scenario({});
    const starter = await setup({ tier: "starter", model: { allow_override: true } });
    const res = await sendMessage(envFor(env, fake), starter.client, starter.conversationId, {
      content: "hi",
      model: "claude-sonnet-5-5",
    });
    expect(res.response.status).toBe(400);
    expect(res.text).toContain("not available");
    const locked = await setup({ tier: "enterprise" });
    const res2 = await sendMessage(envFor(env, fake), locked.client, locked.conversationId, {
      content: "hi",
      model: "claude-sonnet-5-5",
    });
    expect(res2.response.status).toBe(400);
    expect(res2.text).toContain("does not allow choosing a model");
    expect(await fake.requests()).toEqual([]);
  });
});

describe("the fallback chain", () => {
  it("retries a 429 after its retry-after, on the same model", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "status", status: 429, headers: { "retry-after": "0" } },
        { kind: "stream", text: ["Recovered."] },
      ],
    });
    const { client, conversationId } = await setup();
    const done = doneMessage((await sendMessage(envFor(env, fake), client, conversationId, { content: "hi" })).events);
    expect(done).toMatchObject({ content: "Recovered.", model: "claude-haiku-5-5", status: "complete" });
    expect((await fake.requests("anthropic")).map((r) => r.body.model)).toEqual([
      "claude-haiku-5-5",
      "claude-haiku-5-5",
    ]);
    expect((await storedMessage(done.id))!.model_reason).toBe("hybrid: simple turn, cheap model");
  });

  it("skips the wait and the retry when retry-after is longer than worth waiting", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "status", status: 429, headers: { "retry-after": "3600" } }],
      openai: [{ kind: "stream", text: ["From the other provider."] }],
    });
    const { client, conversationId } = await setup();
    const testEnv = envFor(env, fake, { anthropic: true, openai: true });
    const done = doneMessage((await sendMessage(testEnv, client, conversationId, { content: "hi" })).events);
    expect(done.model).toBe("gpt-5-mini");
    expect(await fake.requests("anthropic")).toHaveLength(1);
  });

  it("moves to the next model after repeated 529s, and says so", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "status", status: 529 },
        { kind: "status", status: 529 },
      ],
      openai: [{ kind: "stream", text: ["Answered ", "by OpenAI."] }],
    });
    const { client, conversationId } = await setup();
    const { events } = await sendMessage(envFor(env, fake, { anthropic: true, openai: true }), client, conversationId, {
      content: "hi",
    });
    const done = doneMessage(events);
    expect(done).toMatchObject({ content: "Answered by OpenAI.", model: "gpt-5-mini", status: "complete" });
    expect(deltasOf(events)).toBe("Answered by OpenAI.");
    const notice = events.find((e) => e.data.type === "message.notice")?.data;
    expect(notice).toMatchObject({ code: "fallback" });
    expect(events.find((e) => e.data.type === "message.start")?.data).toMatchObject({ model: "gpt-5-mini" });
    const stored = await storedMessage(done.id);
    expect(stored!.model_reason).toBe(
      "hybrid: simple turn, cheap model; fallback to gpt-5-mini after claude-haiku-5-5 overloaded, claude-haiku-5-5 overloaded",
    );
  });

  it("ends with the offline responder when every real model fails (500s)", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "status", status: 500 },
        { kind: "status", status: 500 },
      ],
    });
    const { client, conversationId } = await setup();
    const { events } = await sendMessage(envFor(env, fake), client, conversationId, {
      content: "How long is shipping?",
    });
    const done = doneMessage(events);
    expect(done.model).toBe("clawless-offline");
    expect(done.content).toContain("We ship worldwide within 3 business days.");
    expect(done.status).toBe("complete");
  });

  it("retries a connection dropped before any text", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "drop" }, { kind: "stream", text: ["Second ", "try."] }],
    });
    const { client, conversationId } = await setup();
    const { events } = await sendMessage(envFor(env, fake), client, conversationId, { content: "hi" });
    expect(doneMessage(events)).toMatchObject({ content: "Second try.", model: "claude-haiku-5-5" });
    expect(deltasOf(events)).toBe("Second try.");
  });

  it("treats a stream that stalls before any text as a timeout and moves on", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["never"], fail: { after: 0, how: "stall" } },
        { kind: "stream", text: ["never"], fail: { after: 0, how: "stall" } },
      ],
    });
    const { client, conversationId } = await setup();
    const done = doneMessage(
      (await sendMessage(envFor(env, fake), client, conversationId, { content: "Shipping?" })).events,
    );
    expect(done.model).toBe("clawless-offline");
    expect(done.content).not.toContain("never");
  });

  for (const how of ["error", "drop", "stall"] as const) {
    it(`never duplicates text when the stream fails after text (${how}): the answer ends interrupted`, async () => {
      const fake = await scenario({
        anthropic: [{ kind: "stream", text: ["one ", "two ", "three"], fail: { after: 2, how } }],
        openai: [{ kind: "stream", text: ["must not be used"] }],
      });
      const { tenant, client, conversationId } = await setup();
      const { events } = await sendMessage(
        envFor(env, fake, { anthropic: true, openai: true }),
        client,
        conversationId,
        {
          content: "hi",
        },
      );
      expect(deltasOf(events)).toBe("one two ");
      const done = doneMessage(events);
      expect(done).toMatchObject({ content: "one two ", status: "interrupted", model: "claude-haiku-5-5" });
      expect(events.find((e) => e.data.type === "message.notice")?.data).toMatchObject({ code: "interrupted" });
      expect(await fake.requests("anthropic")).toHaveLength(1);
      expect(await fake.requests("openai")).toHaveLength(0);
      const history = await env.DB.prepare(
        "SELECT role, content, status FROM messages WHERE tenant_id = ? ORDER BY seq",
      )
        .bind(tenant.id)
        .all();
      expect(history.results).toEqual([
        { role: "user", content: "hi", status: "complete" },
        { role: "assistant", content: "one two ", status: "interrupted" },
      ]);
    });
  }

  it("opens the circuit breaker after repeated failures and stops calling that provider", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "status", status: 500 },
        { kind: "status", status: 500 },
        { kind: "stream", text: ["should not be reached"] },
      ],
    });
    const { client, conversationId } = await setup();
    const testEnv = envFor(
      env,
      fake,
      { anthropic: true },
      {
        MODEL_MAX_RETRIES: "0",
        MODEL_BREAKER_FAILURES: "2",
        MODEL_BREAKER_COOLDOWN_MS: "600000",
      },
    );
    for (let i = 0; i < 3; i++) {
      const done = doneMessage((await sendMessage(testEnv, client, conversationId, { content: "Shipping?" })).events);
      expect(done.model).toBe("clawless-offline");
    }
    expect(await fake.requests("anthropic")).toHaveLength(2);
  });
});
