import { snippetsFromText } from "../knowledge/snippets-from-text";
import type { KnowledgeSnippet } from "../tenants/config";

/**
 * The trial's knowledge as one text a salesperson can read and edit: `## Title` starts a snippet,
 * the text below it is its content. Any part may instead be FAQ pairs (`Q: … / A: …`) or plain
 * paragraphs; each part is split by snippets-from-text. Rendering then parsing gives back the same
 * snippets, so the edit form round-trips.
 */

const HEADING = /^#{1,3}[ \t]+(.+)$/gm;

export function snippetsFromKnowledgeText(text: string, fallbackTitle: string): KnowledgeSnippet[] {
  const normalized = text.replace(/\r\n?/g, "\n");
  const parts: { title: string; body: string }[] = [];
  let title = fallbackTitle;
  let last = 0;
  for (const match of normalized.matchAll(HEADING)) {
    parts.push({ title, body: normalized.slice(last, match.index) });
    title = match[1]!.trim();
    last = match.index + match[0].length;
  }
  parts.push({ title, body: normalized.slice(last) });
  return numbered(parts.flatMap((part) => snippetsFromText(part.body, part.title)));
}

export function knowledgeToText(snippets: readonly KnowledgeSnippet[]): string {
  return snippets.map((s) => `## ${s.title.replace(/\s+/g, " ")}\n\n${s.content.trim()}`).join("\n\n");
}

/** Unique, stable-looking ids across snippets that came from different parts and pages. */
export function numbered(snippets: readonly KnowledgeSnippet[], prefix = "k"): KnowledgeSnippet[] {
  return snippets.map((s, i) => ({ ...s, id: `${prefix}-${i + 1}` }));
}
