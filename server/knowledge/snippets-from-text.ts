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

/** `Q: …` / `Question. …` (any case) at the start of a line; the rest of the line is the question. */
const QUESTION_LINE = /^\s*(?:q|question)\s*[:.]/i;
/** `A: …` / `Answer. …` (any case) at the start of a line; the answer starts after it. */
const ANSWER_LINE = /^\s*(?:a|answer)\s*[:.]/i;

/**
 * FAQ pairs, found line by line: a question line, then (after any blank lines) an answer line,
 * and the answer runs until the next question line. One pass over the lines, and each regex is
 * anchored to one line with no nested quantifiers: pasted text cannot make this backtrack (the
 * single regex it replaces took 17 s on 2.5 KB of crafted whitespace).
 */
function faqPairs(text: string): { q: string; a: string }[] {
  const lines = text.split("\n");
  const pairs: { q: string; a: string }[] = [];
  let i = 0;
  while (i < lines.length) {
    const question = afterMarker(lines[i]!, QUESTION_LINE);
    if (question === undefined) {
      i++;
      continue;
    }
    let next = nextNonBlank(lines, i + 1);
    // "Q:" alone on its line: the question is the next line.
    let q = question;
    if (!q && next < lines.length && !QUESTION_LINE.test(lines[next]!)) {
      q = lines[next]!.trim();
      next = nextNonBlank(lines, next + 1);
    }
    const answer = next < lines.length ? afterMarker(lines[next]!, ANSWER_LINE) : undefined;
    if (!q || answer === undefined) {
      i++;
      continue;
    }
    const answerLines = [answer];
    let end = next + 1;
    while (end < lines.length && !QUESTION_LINE.test(lines[end]!)) answerLines.push(lines[end++]!);
    const a = answerLines
      .join("\n")
      .trim()
      .replace(/\n{3,}/g, "\n\n");
    if (a) pairs.push({ q: q.slice(0, 200), a: a.slice(0, 8_000) });
    i = end;
  }
  return pairs;
}

/** The trimmed text after `marker` when `line` starts with it, else undefined. */
function afterMarker(line: string, marker: RegExp): string | undefined {
  const match = marker.exec(line);
  return match ? line.slice(match[0].length).trim() : undefined;
}

function nextNonBlank(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  return i;
}

/** `# Title` … `###### Title` at the start of a block. */
const HEADING = /^#{1,6}\s+/;

/**
 * Blocks are separated by blank (or whitespace-only) lines; a block whose first line is a
 * markdown heading starts a new section. One pass over the lines.
 */
function sectionsOf(text: string, fallbackTitle: string): Section[] {
  const sections: Section[] = [{ title: fallbackTitle, paragraphs: [] }];
  let block: string[] = [];
  const endBlock = () => {
    const heading = HEADING.exec(block[0] ?? "");
    const title = heading ? block[0]!.slice(heading[0].length).trim() : "";
    if (title) {
      sections.push({ title, paragraphs: [] });
      block.shift();
    }
    const rest = block.join("\n").trim();
    if (rest) sections.at(-1)!.paragraphs.push(rest);
    block = [];
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") endBlock();
    else block.push(block.length === 0 ? line.trim() : line);
  }
  endBlock();
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
