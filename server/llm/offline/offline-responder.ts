import type { KnowledgeSnippet } from "../../tenants/config";
import type { ChatRequest, ModelEvent, ModelProvider } from "../provider";
import { estimateTokens } from "../tokens";
import { createBm25Index } from "../../lib/bm25";

/**
 * The built-in offline responder: no key, no network. It answers by retrieving the tenant's
 * knowledge snippets with BM25 and quoting the best ones; when nothing matches it says so rather
 * than guess, and it never claims to be a language model. It is the default on a fresh machine and
 * the last link of every fallback chain.
 */

/** Keep hits scoring at least this fraction of the best one, up to MAX_HITS. */
const RELATIVE_CUTOFF = 0.5;
const MAX_HITS = 3;
const WORDS_PER_CHUNK = 3;

export function composeOfflineAnswer(question: string, knowledge: readonly KnowledgeSnippet[]): string {
  if (knowledge.length === 0) {
    return (
      "I'm the offline responder: no AI model is configured, and I can only quote a knowledge base, " +
      "which this conversation doesn't have, so I can't answer yet. With knowledge snippets or an AI model I can help."
    );
  }
  const index = createBm25Index(knowledge.map((s) => ({ id: s.id, text: `${s.title}\n${s.title}\n${s.content}` })));
  const topics = listTopics(knowledge);
  if (!index.hasTerms(question)) {
    return `Hello! I'm the offline responder: I answer by quoting this site's knowledge base. You can ask me about ${topics}.`;
  }
  const hits = index.search(question, MAX_HITS);
  const best = hits[0];
  if (!best) {
    return `I couldn't find anything about that in the knowledge base, and I'd rather not guess. You could ask about ${topics}.`;
  }
  const byId = new Map(knowledge.map((s) => [s.id, s]));
  const quoted = hits
    .filter((hit) => hit.score >= best.score * RELATIVE_CUTOFF)
    .map((hit) => byId.get(hit.id)!)
    .map((snippet) => `**${snippet.title}**\n${snippet.content.trim()}`);
  return `Here's what I found in the knowledge base:\n\n${quoted.join("\n\n")}`;
}

function listTopics(knowledge: readonly KnowledgeSnippet[]): string {
  const titles = knowledge.slice(0, 4).map((s) => s.title);
  if (titles.length === 1) return titles[0]!;
  return `${titles.slice(0, -1).join(", ")} or ${titles.at(-1)}`;
}

/** Splits text into small pieces (a few words each, whitespace kept) so it streams like a model. */
export function chunkText(text: string, wordsPerChunk = WORDS_PER_CHUNK): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(""));
  return chunks;
}

export const offlineResponder: ModelProvider = {
  id: "offline",
  async *stream(request: ChatRequest): AsyncIterable<ModelEvent> {
    const question = request.messages.findLast((m) => m.role === "user")?.content ?? "";
    const answer = composeOfflineAnswer(question, request.knowledge);
    for (const text of chunkText(answer)) {
      if (request.signal?.aborted) {
        yield { type: "finish", reason: "error" };
        return;
      }
      yield { type: "text_delta", text };
    }
    const input = request.system + request.messages.map((m) => m.content).join("\n");
    yield { type: "usage", input_tokens: estimateTokens(input), output_tokens: estimateTokens(answer) };
    yield { type: "finish", reason: "stop" };
  },
};
