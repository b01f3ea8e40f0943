import { describe, expect, it } from "vitest";
import type { KnowledgeSnippet } from "../../tenants/config";
import { chunkText, composeOfflineAnswer, offlineResponder } from "./offline-responder";
import { createBm25Index } from "../../lib/bm25";

const knowledge: KnowledgeSnippet[] = [
  { id: "ship", title: "Shipping", content: "We ship worldwide within 3 business days. Shipping is free over $50." },
  { id: "returns", title: "Returns", content: "You can return any item within 30 days for a full refund." },
  { id: "hours", title: "Opening hours", content: "Our store is open Monday to Friday, 9am to 6pm." },
];

describe("BM25 retrieval", () => {
  it("ranks the snippet that shares the rarest terms first, with stemming", () => {
    const index = createBm25Index(knowledge.map((s) => ({ id: s.id, text: `${s.title} ${s.content}` })));
    expect(index.search("how do refunds and returning work?", 3)[0]?.id).toBe("returns");
    expect(index.search("when are you open on friday", 3)[0]?.id).toBe("hours");
    expect(index.search("quantum chromodynamics", 3)).toEqual([]);
  });
});

describe("the offline responder", () => {
  it("quotes the matching snippet, not the others", () => {
    const answer = composeOfflineAnswer("Do you ship to Canada?", knowledge);
    expect(answer).toContain("We ship worldwide within 3 business days.");
    expect(answer).not.toContain("refund");
  });

  it("says plainly when nothing matches, without guessing, and lists what it knows", () => {
    const answer = composeOfflineAnswer("What is the meaning of life?", knowledge);
    expect(answer).toMatch(/couldn't find anything/);
    expect(answer).toContain("Shipping");
  });

  it("introduces itself honestly on a greeting and never claims to be a language model", () => {
    const answer = composeOfflineAnswer("hello!", knowledge);
    expect(answer).toMatch(/offline responder/);
    expect(answer).not.toMatch(/\b(AI model|language model|GPT|Claude)\b/i);
  });

  it("says what it lacks when there is no knowledge at all, instead of guessing", () => {
    const answer = composeOfflineAnswer("Do you ship to Canada?", []);
    expect(answer).toMatch(/offline responder/);
    expect(answer).toMatch(/can't answer/);
  });

  it("streams the answer in small pieces that add up to it, then usage and finish", async () => {
    const events = [];
    for await (const event of offlineResponder.stream({
      model: "clawless-offline",
      system: "",
      messages: [{ role: "user", content: "What is your return policy?" }],
      knowledge,
      maxOutputTokens: 100,
    })) {
      events.push(event);
    }
    const deltas = events.flatMap((e) => (e.type === "text_delta" ? [e.text] : []));
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join("")).toBe(composeOfflineAnswer("What is your return policy?", knowledge));
    expect(events.at(-2)).toMatchObject({ type: "usage" });
    expect(events.at(-1)).toEqual({ type: "finish", reason: "stop" });
  });

  it("chunks text without losing a character", () => {
    const text = "one  two\nthree four, five six seven";
    expect(chunkText(text).join("")).toBe(text);
  });
});
