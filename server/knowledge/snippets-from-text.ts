import type { KnowledgeSnippet } from "../tenants/config";

/**
 * Turns text a person pastes (or text read from a web page) into knowledge snippets: FAQ pairs
 * ("Q: … / A: …") become one snippet each; other text is split on headings and blank lines into
 * snippets of at most MAX_SNIPPET_CHARS, never cutting a paragraph unless it alone is too long.
 */

export const MAX_SNIPPET_CHARS = 1_200;

export interface Section {
  title: string;
  paragraphs: string[];
}

export function snippetsFromText(text: string, fallbackTitle: string): KnowledgeSnippet[] {
  const normalized = text.replace(/\r\n?/g, "\n").trim();
  if (!normalized) return [];
  const faq = faqPairs(normalized);
  if (faq.length > 0) return faq.map((pair, i) => ({ id: `faq-${i + 1}`, title: pair.q, content: pair.a }));
  return snippetsFromSections(sectionsOf(normalized, fallbackTitle), "text");
}

export function snippetsFromSections(sections: Section[], idPrefix: string): KnowledgeSnippet[] {
  const snippets: KnowledgeSnippet[] = [];
  for (const section of sections) {
    let current = "";
    const flush = () => {
      if (current.trim()) {
        snippets.push({
          id: `${idPrefix}-${snippets.length + 1}`,
          title: section.title.slice(0, 200),
          content: current.trim(),
        });
      }
      current = "";
    };
    for (const paragraph of section.paragraphs.flatMap((p) => splitLong(p))) {
      if (current && current.length + paragraph.length + 2 > MAX_SNIPPET_CHARS) flush();
      current += (current ? "\n\n" : "") + paragraph;
    }
    flush();
  }
  return snippets;
}

function faqPairs(text: string): { q: string; a: string }[] {
  const pairs: { q: string; a: string }[] = [];
  const pattern =
    /^\s*(?:Q|Question)\s*[:.]\s*(.+?)\s*\n\s*(?:A|Answer)\s*[:.]\s*([\s\S]+?)(?=\n\s*(?:Q|Question)\s*[:.]|(?![\s\S]))/gim;
  for (const match of text.matchAll(pattern)) {
    const q = match[1]!.trim();
    const a = match[2]!.trim().replace(/\n{3,}/g, "\n\n");
    if (q && a) pairs.push({ q: q.slice(0, 200), a: a.slice(0, 8_000) });
  }
  return pairs;
}

/** Markdown-ish headings (`# Title`, or a short line ending in ':') start a new section. */
function sectionsOf(text: string, fallbackTitle: string): Section[] {
  const sections: Section[] = [{ title: fallbackTitle, paragraphs: [] }];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.trim().split("\n");
    const heading = /^#{1,6}\s+(.+)$/.exec(lines[0] ?? "");
    if (heading) {
      sections.push({ title: heading[1]!.trim(), paragraphs: [] });
      lines.shift();
    }
    const rest = lines.join("\n").trim();
    if (rest) sections.at(-1)!.paragraphs.push(rest);
  }
  return sections.filter((s) => s.paragraphs.length > 0);
}

function splitLong(paragraph: string): string[] {
  if (paragraph.length <= MAX_SNIPPET_CHARS) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+[.!?]+\s*|[^.!?]+$/g) ?? [paragraph];
  const parts: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > MAX_SNIPPET_CHARS) {
      parts.push(current.trim());
      current = "";
    }
    current += sentence;
    while (current.length > MAX_SNIPPET_CHARS) {
      parts.push(current.slice(0, MAX_SNIPPET_CHARS));
      current = current.slice(MAX_SNIPPET_CHARS);
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}
