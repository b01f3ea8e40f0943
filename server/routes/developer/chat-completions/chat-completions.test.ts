import { env } from "cloudflare:workers";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { apiHarness, dataFrames, usageRow } from "../../../test/api-helpers";
import { envFor, scenario } from "../../../test/fake-upstreams/client";
import { createTenant } from "../../../test/helpers";
import { adminCall } from "../../../test/tenancy-helpers";
import type { TenantConfigInput } from "../../../tenants/config";
import { usagePeriod } from "../../../usage/usage";
import { chatCompletionChunkSchema, chatCompletionSchema } from "./schemas";

/** POST /v1/chat/completions through the official `openai` client, against the Worker in workerd. */

const knowledge = [{ id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days." }];

async function tenantWith(config: TenantConfigInput = {}) {
  return createTenant({ assistant: { knowledge, system_prompt: "You are Shop's assistant." }, ...config });
}

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "The weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("a plain completion", () => {
  it("answers in OpenAI's shape with the offline responder, and counts the turn", async () => {
    const { tenant, keys } = await tenantWith();
    const api = apiHarness(keys.secret);
    const completion = await api.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "Hello there" }],
    });
    expect(chatCompletionSchema.parse(completion)).toBeTruthy();
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: "clawless-offline",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant" } }],
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    // Stateless: the tenant's knowledge does not apply, so the offline responder has nothing to quote.
    expect(completion.choices[0]!.message.content).toContain("can only quote a knowledge base");
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    await api.settled();
    expect(await usageRow(tenant.id)).toMatchObject({ messages: 1 });
  });

  it("sends the caller's system prompt, messages and knobs to the model, not the tenant's prompt", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", text: ["Bonjour ", "!"], usage: { input_tokens: 40, output_tokens: 3 } }],
    });
    const { tenant, keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const completion = await api.client.chat.completions.create({
      model: "claude-haiku-5-5",
      messages: [
        { role: "system", content: "Answer in French." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Salut" },
        { role: "user", content: [{ type: "text", text: "Say hello" }] },
      ],
      temperature: 0.2,
      max_tokens: 50,
      stop: ["END"],
      user: "user-42",
      metadata: { order: "1234" },
    });
    expect(completion.choices[0]!.message.content).toBe("Bonjour !");
    expect(completion.model).toBe("claude-haiku-5-5");
    expect(completion.usage).toEqual({ prompt_tokens: 40, completion_tokens: 3, total_tokens: 43 });
    const [request] = await fake.requests("anthropic");
    expect(request!.body).toMatchObject({
      model: "claude-haiku-5-5",
      system: "Answer in French.",
      max_tokens: 50,
      temperature: 0.2,
      stop_sequences: ["END"],
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Salut" },
        { role: "user", content: "Say hello" },
      ],
    });
    expect(JSON.stringify(request!.body)).not.toContain("Shop's assistant");
    await api.settled();
    expect(await usageRow(tenant.id)).toMatchObject({ messages: 1, input_tokens: 40, output_tokens: 3 });
  });
});

describe("a streamed completion", () => {
  it("streams chunks with one id, the role first, a finish reason, the usage chunk and [DONE]", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", text: ["We ship ", "in 3 days."], usage: { input_tokens: 12, output_tokens: 5 } }],
    });
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const stream = await api.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "Shipping?" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    for (const chunk of chunks) chatCompletionChunkSchema.parse(chunk);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("We ship in 3 days.");
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.every((c) => c.model === "claude-haiku-5-5")).toBe(true);
  });

  it("ends with data: [DONE] on the wire, and sends no usage chunk unless asked", async () => {
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret);
    const res = await api.fetch("/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: "hi" }], stream: true }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const frames = dataFrames(await res.text());
    expect(frames.at(-1)).toBe("[DONE]");
    const chunks = frames.slice(0, -1) as any[];
    expect(chunks.every((c) => c.choices.length === 1 && !("usage" in c))).toBe(true);
    expect(chunks.at(-1).choices[0].finish_reason).toBe("stop");
  });

  it("sends a failure after text as an error object the client throws", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", text: ["Partial ", "answer ", "here"], fail: { after: 1, how: "error" } }],
    });
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const stream = await api.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    let text = "";
    const reading = (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })();
    await expect(reading).rejects.toThrow(/failed in the middle/);
    expect(text).toBe("Partial ");
  });
});

describe("caller-defined tools", () => {
  it("returns the model's tool calls, then answers from the tool results (OpenAI-compatible upstream)", async () => {
    const fake = await scenario({
      openai: [
        { kind: "stream", tools: [{ id: "call_1", name: "get_weather", args: ['{"city":', '"Oslo"}'] }] },
        { kind: "stream", text: ["It is sunny ", "in Oslo."] },
      ],
    });
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake, { openai: true }));
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: "user", content: "Weather in Oslo?" },
    ];
    const first = await api.client.chat.completions.create({
      model: "gpt-5-mini",
      messages,
      tools: [weatherTool],
      tool_choice: "auto",
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
    ]);

    messages.push(choice.message, { role: "tool", tool_call_id: "call_1", content: '{"sky":"sunny"}' });
    const second = await api.client.chat.completions.create({ model: "gpt-5-mini", messages, tools: [weatherTool] });
    expect(second.choices[0]!.message.content).toBe("It is sunny in Oslo.");
    expect(second.choices[0]!.finish_reason).toBe("stop");

    const [one, two] = await fake.requests("openai");
    expect(one!.body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "The weather in a city",
          parameters: weatherTool.function.parameters,
        },
      },
    ]);
    expect(one!.body.tool_choice).toBe("auto");
    expect(two!.body.messages.slice(-2)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"sky":"sunny"}' },
    ]);
  });

  it("streams tool calls as OpenAI does, and passes a forced tool choice to Claude", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", tools: [{ id: "toolu_1", name: "get_weather", args: ['{"city"', ':"Rome"}'] }] }],
    });
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const stream = await api.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "Weather in Rome?" }],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      stream: true,
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([
      { index: 0, id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
    ]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("tool_calls");
    const [request] = await fake.requests("anthropic");
    expect(request!.body.tool_choice).toEqual({ type: "tool", name: "get_weather" });
    expect(request!.body.tools[0]).toMatchObject({ name: "get_weather", description: "The weather in a city" });
  });
});

describe("with a session", () => {
  async function newSession(api: ReturnType<typeof apiHarness>) {
    const res = await api.fetch("/v1/sessions", { method: "POST", body: "{}" });
    expect(res.status).toBe(201);
    return ((await res.json()) as { session: { id: string } }).session.id;
  }

  it("stores the turn in the session, with the tenant's prompt, knowledge and history", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["3 business days."] },
        { kind: "stream", text: ["Yes, worldwide."] },
      ],
    });
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const sessionId = await newSession(api);
    const first = await api.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "How long does shipping take?" }],
      ...{ session_id: sessionId }, // Clawless's extension of the request
    });
    expect(first.choices[0]!.message.content).toBe("3 business days.");
    const second = await api.client.chat.completions.create(
      { model: "auto", messages: [{ role: "user", content: "Abroad too?" }] },
      { headers: { "X-Clawless-Session": sessionId } },
    );
    expect(second.choices[0]!.message.content).toBe("Yes, worldwide.");

    const requests = await fake.requests("anthropic");
    expect(requests[0]!.body.system).toContain("You are Shop's assistant.");
    expect(requests[0]!.body.system).toContain("We ship worldwide within 3 business days.");
    expect(requests[1]!.body.messages).toEqual([
      { role: "user", content: "How long does shipping take?" },
      { role: "assistant", content: "3 business days." },
      { role: "user", content: "Abroad too?" },
    ]);
    const page = (await (await api.fetch(`/v1/sessions/${sessionId}/messages`)).json()) as any;
    expect(page.data.map((m: any) => [m.role, m.content])).toEqual([
      ["user", "How long does shipping take?"],
      ["assistant", "3 business days."],
      ["user", "Abroad too?"],
      ["assistant", "Yes, worldwide."],
    ]);
  });

  it("streams a session turn and names the session and turn in headers", async () => {
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret);
    const sessionId = await newSession(api);
    const { data, response } = await api.client.chat.completions
      .create({
        model: "auto",
        messages: [{ role: "user", content: "Shipping?" }],
        stream: true,
        stream_options: { include_usage: true },
        ...{ session_id: sessionId },
      })
      .withResponse();
    expect(response.headers.get("X-Clawless-Session")).toBe(sessionId);
    expect(response.headers.get("X-Clawless-Turn")).toMatch(/^msg_/);
    let text = "";
    let usage: unknown = null;
    for await (const chunk of data) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toContain("We ship worldwide within 3 business days.");
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number) });
    await api.settled();
    const page = (await (await api.fetch(`/v1/sessions/${sessionId}/messages`)).json()) as any;
    expect(page.data.at(-1)).toMatchObject({ role: "assistant", content: text, model: "clawless-offline" });
  });

  it("refuses an unknown session, a last message that is not the user's, and caller tools", async () => {
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret);
    const sessionId = await newSession(api);
    const other = await createTenant();
    const foreign = await newSession(apiHarness(other.keys.secret));
    const cases: [unknown, number, string][] = [
      [{ session_id: foreign }, 404, "session_not_found"],
      [{ session_id: sessionId, messages: [{ role: "assistant", content: "hi" }] }, 400, "invalid_request_error"],
      [{ session_id: sessionId, tools: [weatherTool] }, 400, "invalid_request_error"],
      [{ session_id: "ses_nope" }, 400, "invalid_request_error"],
    ];
    for (const [extra, status, code] of cases) {
      const res = await api.fetch("/v1/chat/completions", {
        method: "POST",
        body: JSON.stringify({ model: "auto", messages: [{ role: "user", content: "hi" }], ...(extra as object) }),
      });
      const body = (await res.json()) as any;
      expect([res.status, body.error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE session_id IN (?, ?)")
      .bind(sessionId, foreign)
      .first<{ n: number }>();
    expect(count!.n).toBe(0);
  });
});

describe("refusals the openai client understands", () => {
  it("a wrong key is an AuthenticationError; a key without the chat scope a PermissionDeniedError", async () => {
    const { tenant } = await tenantWith();
    const body = { model: "auto", messages: [{ role: "user" as const, content: "hi" }] };
    const wrong = apiHarness("sk_test_" + "x".repeat(32));
    const error = await wrong.client.chat.completions.create(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("invalid_api_key");
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: "authentication_error",
      request_id: expect.stringMatching(/^req_/),
    });

    const created = await adminCall("POST", `/tenants/${tenant.id}/keys`, { scopes: ["sessions:read"] });
    const { value } = (await created.json()) as { value: string };
    const denied = await apiHarness(value)
      .client.chat.completions.create(body)
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it("a model the tenant may not use is a NotFoundError with code model_not_found", async () => {
    const fake = await scenario({});
    const { keys } = await tenantWith({ tier: "starter" });
    const api = apiHarness(keys.secret, envFor(env, fake));
    for (const model of ["gpt-99", "claude-sonnet-5-5"]) {
      const error = (await api.client.chat.completions
        .create({ model, messages: [{ role: "user", content: "hi" }] })
        .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect([error.code, error.param]).toEqual(["model_not_found", "model"]);
    }
    expect(await fake.requests()).toEqual([]);
  });

  it("names the field of an invalid request in param", async () => {
    const { keys } = await tenantWith();
    const error = (await apiHarness(keys.secret)
      .client.chat.completions.create({ model: "auto", messages: [] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect([error.code, error.param]).toEqual(["invalid_request_error", "messages"]);
  });

  it("refuses a body over 1 MB with 413 before reading it", async () => {
    const { keys } = await tenantWith();
    const error = (await apiHarness(keys.secret)
      .client.chat.completions.create({ model: "auto", messages: [{ role: "user", content: "x".repeat(1_100_000) }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect([error.status, error.code]).toEqual([413, "payload_too_large"]);
  });

  it("an exhausted monthly quota is a RateLimitError with code insufficient_quota, and runs nothing", async () => {
    const fake = await scenario({});
    const { tenant, keys } = await tenantWith({ tier: "starter" });
    await env.DB.prepare("INSERT INTO usage (tenant_id, period, messages) VALUES (?, ?, 1000)")
      .bind(tenant.id, usagePeriod())
      .run();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const error = (await api.client.chat.completions
      .create({ model: "auto", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe("insufficient_quota");
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThan(0);
    expect(await fake.requests()).toEqual([]);
    expect(await usageRow(tenant.id)).toMatchObject({ messages: 1000 });
  });
});

describe("Idempotency-Key", () => {
  const body = { model: "auto", messages: [{ role: "user" as const, content: "Ship to Peru?" }] };

  it("returns the original completion to a retry without running the turn again", async () => {
    const fake = await scenario({ anthropic: [{ kind: "stream", text: ["Yes."] }] });
    const { tenant, keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const options = { headers: { "Idempotency-Key": "order-1234" } };
    const first = await api.client.chat.completions.create(body, options);
    await api.settled();
    const { data: again, response } = await api.client.chat.completions.create(body, options).withResponse();
    expect(again).toEqual(first);
    expect(response.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await fake.requests("anthropic")).toHaveLength(1);
    expect(await usageRow(tenant.id)).toMatchObject({ messages: 1 });

    const reused = (await api.client.chat.completions
      .create({ ...body, temperature: 1 }, options)
      .catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(reused).toBeInstanceOf(OpenAI.ConflictError);
    expect(reused.code).toBe("idempotency_key_reused");

    // Keys belong to a tenant: another tenant's same key is its own.
    const other = await tenantWith();
    const theirs = await apiHarness(other.keys.secret).client.chat.completions.create(body, options);
    expect(theirs.id).not.toBe(first.id);
  });

  it("replays a streamed answer byte for byte, and says 409 while the first is still running", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", text: ["One ", "two ", "three."], fail: { after: 1, how: "hold" } }],
    });
    const { keys } = await tenantWith();
    const api = apiHarness(keys.secret, envFor(env, fake));
    const send = () =>
      api.fetch("/v1/chat/completions", {
        method: "POST",
        headers: { "Idempotency-Key": "stream-1" },
        body: JSON.stringify({ ...body, stream: true }),
      });
    const first = await send();
    const reader = first.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("One ")) text += decoder.decode((await reader.read()).value);

    const busy = await send();
    expect(busy.status).toBe(409);
    expect(busy.headers.get("Retry-After")).toBe("1");
    expect(((await busy.json()) as any).error.code).toBe("idempotency_request_in_progress");

    await fake.release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    await api.settled();
    const replay = await send();
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(await replay.text()).toBe(text);
    expect(dataFrames(text).at(-1)).toBe("[DONE]");
    expect(await fake.requests("anthropic")).toHaveLength(1);
  });

  it("does not keep a refused request: after a 429 the same key runs afresh", async () => {
    const { tenant, keys } = await tenantWith({ tier: "starter" });
    await env.DB.prepare("INSERT INTO usage (tenant_id, period, messages) VALUES (?, ?, 1000)")
      .bind(tenant.id, usagePeriod())
      .run();
    const api = apiHarness(keys.secret);
    const options = { headers: { "Idempotency-Key": "after-quota" } };
    await expect(api.client.chat.completions.create(body, options)).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await env.DB.prepare("UPDATE usage SET messages = 0 WHERE tenant_id = ?").bind(tenant.id).run();
    const completion = await api.client.chat.completions.create(body, options);
    expect(completion.object).toBe("chat.completion");
  });
});
