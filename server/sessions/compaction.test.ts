import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { envFor, scenario } from "../test/fake-upstreams/client";
import { createTenant, startConversation } from "../test/helpers";
import { doneMessage, sendMessage } from "../test/runtime-helpers";
import { estimateTokens } from "../llm/tokens";
import { fitContext, messageTokens, truncateToBudget } from "./compaction";
import type { ContextMessage } from "./context-cache";

const conversation = (n: number, size = 400): ContextMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    role: i % 2 === 0 ? "user" : "assistant",
    content: `${i + 1}: ${"word ".repeat(size / 5)}`,
  }));
const size = (messages: ContextMessage[], summary: string | null) =>
  estimateTokens(summary ?? "") + messages.reduce((sum, m) => sum + messageTokens(m), 0);

describe("fitting a conversation into a window", () => {
  it("leaves a conversation that fits alone", async () => {
    const messages = conversation(3);
    const result = await fitContext({ messages, summary: null, budget: 10_000, maxMessages: 100, summarize: null });
    expect(result).toEqual({ messages, summary: null, compacted: null, dropped: 0 });
  });

  it("folds the older messages into a summary, keeps the newest, and fits the budget", async () => {
    const messages = conversation(21);
    const seen: ContextMessage[][] = [];
    const result = await fitContext({
      messages,
      summary: "Earlier: the visitor asked about shipping.",
      budget: 1_000,
      maxMessages: 100,
      summarize: async (previous, older) => {
        seen.push(older);
        expect(previous).toContain("shipping");
        return "A short summary.";
      },
    });
    expect(result.compacted).toEqual({ summary: "A short summary.", throughSeq: seen[0]!.at(-1)!.seq });
    expect(result.messages.at(-1)).toEqual(messages.at(-1));
    expect(result.messages[0]!.role).toBe("user");
    expect(seen[0]![0]!.seq).toBe(1);
    expect(size(result.messages, result.summary)).toBeLessThanOrEqual(1_000);
  });

  it("falls back to truncation without a summarizer, or when it fails", async () => {
    const messages = conversation(21);
    for (const summarize of [null, async () => null, async () => Promise.reject(new Error("down"))]) {
      const result = await fitContext({ messages, summary: null, budget: 1_000, maxMessages: 100, summarize });
      expect(result.compacted).toBeNull();
      expect(result.dropped).toBeGreaterThan(0);
      expect(result.messages.at(-1)).toEqual(messages.at(-1));
      expect(size(result.messages, result.summary)).toBeLessThanOrEqual(1_000);
    }
  });

  it("always fits, even a single oversized message in a script costing a token a character", () => {
    const huge: ContextMessage[] = [{ seq: 1, role: "user", content: "日本語".repeat(3_000) }];
    const result = truncateToBudget(huge, "summary ".repeat(200), 500);
    expect(size(result.messages, result.summary)).toBeLessThanOrEqual(500);
    expect(result.messages).toHaveLength(1);
  });
});

describe("compaction in a turn", () => {
  const tinyWindow = JSON.stringify([{ id: "claude-haiku-5-5", context_window: 3_000 }]);
  const long = (label: string) => `${label} ${"Tell me more about the delivery options please. ".repeat(40)}`;

  it("summarizes with a cheap model into the session, then sends the summary and the recent turns", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["Answer one."] },
        { kind: "stream", text: ["Answer two."] },
        { kind: "stream", text: ["The visitor asked twice about delivery options."] },
        { kind: "stream", text: ["Answer three."] },
      ],
    });
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const testEnv = envFor(env, fake, { anthropic: true }, { MODEL_CATALOG: tinyWindow });
    for (const label of ["first", "second", "third"]) {
      const done = doneMessage((await sendMessage(testEnv, client, conversationId, { content: long(label) })).events);
      expect(done.status).toBe("complete");
    }
    const requests = await fake.requests("anthropic");
    expect(requests).toHaveLength(4);
    const summarize = requests[2]!;
    expect(summarize.body.system).toMatch(/concise summary/);
    expect(JSON.stringify(summarize.body.messages)).toContain("first");
    const answer = requests[3]!;
    expect(answer.body.system).toContain(
      "Summary of the earlier conversation:\nThe visitor asked twice about delivery options.",
    );
    expect(JSON.stringify(answer.body.messages)).not.toContain("first Tell");
    expect(answer.body.messages.at(-1).content).toContain("third");

    const session = await env.DB.prepare("SELECT summary, summary_through_seq FROM sessions WHERE id = ?")
      .bind(conversationId)
      .first<{ summary: string; summary_through_seq: number }>();
    expect(session).toEqual({
      summary: "The visitor asked twice about delivery options.",
      summary_through_seq: expect.any(Number),
    });
    expect(session!.summary_through_seq).toBeGreaterThanOrEqual(2);
  });

  it("truncates when the summarizer fails, and the model still gets a request that fits", async () => {
    const fake = await scenario({
      anthropic: [
        { kind: "stream", text: ["Answer one."] },
        { kind: "stream", text: ["Answer two."] },
        { kind: "status", status: 400 },
        { kind: "stream", text: ["Answer three."] },
      ],
    });
    const { keys } = await createTenant();
    const { client, conversationId } = await startConversation(keys.publishable);
    const testEnv = envFor(env, fake, { anthropic: true }, { MODEL_CATALOG: tinyWindow, MODEL_MAX_RETRIES: "0" });
    for (const label of ["first", "second", "third"]) {
      await sendMessage(testEnv, client, conversationId, { content: long(label) });
    }
    const answer = (await fake.requests("anthropic"))[3]!;
    expect(answer.body.system ?? "").not.toContain("Summary of the earlier conversation");
    expect(JSON.stringify(answer.body.messages)).not.toContain("first Tell");
    const tokens = estimateTokens(JSON.stringify(answer.body.messages)) + estimateTokens(answer.body.system ?? "");
    expect(tokens + answer.body.max_tokens).toBeLessThanOrEqual(3_000);
  });
});
