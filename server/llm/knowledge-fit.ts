import type { KnowledgeSnippet } from "../tenants/config";
import { estimateTokens } from "./tokens";
import { createBm25Index } from "../lib/bm25";

/**
 * A tenant's knowledge can be far larger than a model's window (500 snippets of 8,000 characters).
 * When it does not fit `maxTokens`, the snippets most relevant to the question (BM25, as the
 * offline responder ranks them) are kept, best first, until the budget is spent.
 */
/** A snippet's share of the window: its title and content, plus the markup around them. */
export const snippetTokens = (s: KnowledgeSnippet) => estimateTokens(s.title) + estimateTokens(s.content) + 8;

export function fitKnowledge(
  knowledge: readonly KnowledgeSnippet[],
  question: string,
  maxTokens: number,
): readonly KnowledgeSnippet[] {
  const total = knowledge.reduce((sum, s) => sum + snippetTokens(s), 0);
  if (total <= maxTokens) return knowledge;
  const index = createBm25Index(knowledge.map((s) => ({ id: s.id, text: `${s.title}\n${s.content}` })));
  const byId = new Map(knowledge.map((s) => [s.id, s]));
  const kept: KnowledgeSnippet[] = [];
  let used = 0;
  for (const hit of index.search(question, knowledge.length)) {
    const snippet = byId.get(hit.id)!;
    if (used + snippetTokens(snippet) > maxTokens) continue;
    kept.push(snippet);
    used += snippetTokens(snippet);
  }
  return kept;
}
