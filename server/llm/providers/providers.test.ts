import { describe, expect, it } from "vitest";
import { ANTHROPIC_TEST_KEY, OPENAI_TEST_KEY, scenario } from "../../test/fake-upstreams/client";
import type { ChatRequest, ModelEvent, ModelProvider } from "../provider";
import { anthropicProvider } from "./anthropic";
import { openAiProvider } from "./openai";
import { workersAiProvider } from "./workers-ai";

async function collect(provider: ModelProvider, request: Partial<ChatRequest> = {}): Promise<ModelEvent[]> {
  const events: ModelEvent[] = [];
  for await (const event of provider.stream({
    model: "test-model",
    system: "Be brief.",
    messages: [{ role: "user", content: "Hello?" }],
    knowledge: [{ id: "k", title: "Hours", content: "Open 9 to 5." }],
    maxOutputTokens: 256,
    ...request,
  })) {
    events.push(event);
  }
  return events;
}

const tools = [
  { name: "track_order", description: "Where an order is", input_schema: { properties: { id: { type: "string" } } } },
];

describe("the Anthropic provider, through @anthropic-ai/sdk", () => {
  it("normalizes text, thinking, a tool call split across deltas, usage and finish", async () => {
    const fake = await scenario({
      anthropic: [
        {
          kind: "stream",
          thinking: ["Let me ", "think."],
          text: ["Your order ", "is on ", "its way."],
          tools: [{ id: "toolu_1", name: "track_order", args: ['{"id', '": "A', '42"}'] }],
          usage: { input_tokens: 120, output_tokens: 33 },
        },
      ],
    });
    const provider = anthropicProvider({ apiKey: ANTHROPIC_TEST_KEY, baseURL: fake.anthropicBaseUrl });
    const events = await collect(provider, { tools, thinkingBudget: 1024, model: "claude-sonnet-5-5" });

    expect(events.filter((e) => e.type === "thinking_delta").map((e) => (e as { text: string }).text)).toEqual([
      "Let me ",
      "think.",
    ]);
    expect(events).toContainEqual({ type: "thinking_signature", signature: "sig_fake" });
    expect(
      events
        .filter((e) => e.type === "text_delta")
        .map((e) => (e as { text: string }).text)
        .join(""),
    ).toBe("Your order is on its way.");
    expect(events).toContainEqual({ type: "tool_call", id: "toolu_1", name: "track_order", input: { id: "A42" } });
    expect(events.at(-2)).toEqual({ type: "usage", input_tokens: 120, output_tokens: 33 });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_use" });

    const [request] = await fake.requests("anthropic");
    expect(request!.headers.authorization).toBe(`Bearer ${ANTHROPIC_TEST_KEY}`);
    expect(request!.headers["anthropic-version"]).toBeTruthy();
    expect(request!.body).toMatchObject({
      model: "claude-sonnet-5-5",
      stream: true,
      max_tokens: 256 + 1024,
      thinking: { type: "enabled", budget_tokens: 1024 },
      tools: [{ name: "track_order", input_schema: { type: "object" } }],
    });
    expect(request!.body.system).toContain("Be brief.");
    expect(request!.body.system).toContain("Open 9 to 5.");
  });

  it("sends a tool loop's calls and results back in Anthropic's shape", async () => {
    const fake = await scenario({ anthropic: [{ kind: "stream", text: ["Done."] }] });
    const provider = anthropicProvider({ apiKey: ANTHROPIC_TEST_KEY, baseURL: fake.anthropicBaseUrl });
    await collect(provider, {
      messages: [
        { role: "user", content: "Where is A42?" },
        {
          role: "assistant",
          content: "Checking.",
          tool_calls: [{ id: "toolu_1", name: "track_order", input: { id: "A42" } }],
        },
        { role: "tool", tool_call_id: "toolu_1", content: "In transit" },
      ],
    });
    const [request] = await fake.requests("anthropic");
    expect(request!.body.messages).toEqual([
      { role: "user", content: "Where is A42?" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "toolu_1", name: "track_order", input: { id: "A42" } },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "In transit" }] },
    ]);
  });

  it("throws on an error event inside the stream, after the text before it", async () => {
    const fake = await scenario({
      anthropic: [{ kind: "stream", text: ["one ", "two ", "three"], fail: { after: 2, how: "error" } }],
    });
    const provider = anthropicProvider({ apiKey: ANTHROPIC_TEST_KEY, baseURL: fake.anthropicBaseUrl });
    const seen: ModelEvent[] = [];
    await expect(async () => {
      for await (const event of provider.stream({
        model: "m",
        system: "",
        messages: [{ role: "user", content: "hi" }],
        knowledge: [],
        maxOutputTokens: 10,
      })) {
        seen.push(event);
      }
    }).rejects.toThrow(/Overloaded/);
    expect(seen.filter((e) => e.type === "text_delta")).toHaveLength(2);
  });
});

describe("the OpenAI-compatible provider, through the openai client", () => {
  it("normalizes text, tool calls split across deltas, and usage from the last chunk", async () => {
    const fake = await scenario({
      openai: [
        {
          kind: "stream",
          text: ["Hel", "lo!"],
          tools: [
            { id: "call_1", name: "track_order", args: ['{"i', 'd":"B7"}'] },
            { id: "call_2", name: "track_order", args: ['{"id":"C9"}'] },
          ],
          usage: { input_tokens: 50, output_tokens: 7 },
        },
      ],
    });
    const provider = openAiProvider({ apiKey: OPENAI_TEST_KEY, baseURL: fake.openaiBaseUrl });
    const events = await collect(provider, { tools });
    expect(
      events
        .filter((e) => e.type === "text_delta")
        .map((e) => (e as { text: string }).text)
        .join(""),
    ).toBe("Hello!");
    expect(events.filter((e) => e.type === "tool_call")).toEqual([
      { type: "tool_call", id: "call_1", name: "track_order", input: { id: "B7" } },
      { type: "tool_call", id: "call_2", name: "track_order", input: { id: "C9" } },
    ]);
    expect(events).toContainEqual({ type: "usage", input_tokens: 50, output_tokens: 7 });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "tool_use" });

    const [request] = await fake.requests("openai");
    expect(request!.headers.authorization).toBe(`Bearer ${OPENAI_TEST_KEY}`);
    expect(request!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 256,
      tools: [{ type: "function", function: { name: "track_order" } }],
    });
    expect(request!.body.messages[0]).toMatchObject({ role: "system" });
  });

  it("sends a tool loop's calls and results back in OpenAI's shape", async () => {
    const fake = await scenario({ openai: [{ kind: "stream", text: ["Done."] }] });
    const provider = openAiProvider({ apiKey: null, baseURL: fake.openaiBaseUrl });
    await collect(provider, {
      system: "",
      knowledge: [],
      messages: [
        { role: "user", content: "Where is B7?" },
        { role: "assistant", content: "", tool_calls: [{ id: "call_1", name: "track_order", input: { id: "B7" } }] },
        { role: "tool", tool_call_id: "call_1", content: "Delivered" },
      ],
    });
    const [request] = await fake.requests("openai");
    expect(request!.body.messages).toEqual([
      { role: "user", content: "Where is B7?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "track_order", arguments: '{"id":"B7"}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "Delivered" },
    ]);
  });

  it("throws on an error object inside the stream", async () => {
    const fake = await scenario({ openai: [{ kind: "stream", text: ["a", "b"], fail: { after: 1, how: "error" } }] });
    const provider = openAiProvider({ apiKey: OPENAI_TEST_KEY, baseURL: fake.openaiBaseUrl });
    await expect(collect(provider)).rejects.toThrow(/failed mid-stream/);
  });
});

describe("the Workers AI provider", () => {
  it("streams text and usage from the AI binding's SSE", async () => {
    const calls: unknown[] = [];
    const ai = {
      async run(model: string, inputs: unknown) {
        calls.push({ model, inputs });
        const body = [
          'data: {"response":"Hi "}\n\n',
          'data: {"response":"there"}\n\n',
          'data: {"response":"","usage":{"prompt_tokens":9,"completion_tokens":2}}\n\n',
          "data: [DONE]\n\n",
        ].join("");
        return new Response(body).body;
      },
    } as unknown as Ai;
    const events = await collect(workersAiProvider(ai), { model: "@cf/meta/llama-3.1-8b-instruct-fast" });
    expect(events).toEqual([
      { type: "text_delta", text: "Hi " },
      { type: "text_delta", text: "there" },
      { type: "usage", input_tokens: 9, output_tokens: 2 },
      { type: "finish", reason: "stop" },
    ]);
    expect(calls[0]).toMatchObject({ model: "@cf/meta/llama-3.1-8b-instruct-fast", inputs: { stream: true } });
  });
});
