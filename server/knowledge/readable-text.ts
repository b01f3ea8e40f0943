import type { Section } from "./snippets-from-text";

/**
 * Extracts the readable text of an HTML page with HTMLRewriter (streaming, no DOM): the title,
 * and sections started by h1–h3 headings holding paragraphs, list items, table cells and
 * blockquotes. Navigation, headers, footers, scripts, styles, forms and hidden content are skipped.
 */

const SKIPPED = [
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "nav",
  "footer",
  "header",
  "form",
  "iframe",
  "aside",
  "[hidden]",
  "[aria-hidden=true]",
];
const BLOCKS = ["p", "li", "td", "th", "blockquote", "dd", "dt", "pre", "figcaption", "summary"];
const HEADINGS = ["h1", "h2", "h3", "h4"];

export interface ReadablePage {
  title: string;
  sections: Section[];
}

export async function readableText(html: string): Promise<ReadablePage> {
  let title = "";
  let inTitle = false;
  let skipDepth = 0;
  let buffer = "";
  let bufferKind: "heading" | "block" | null = null;
  const sections: Section[] = [];

  const flush = () => {
    const text = decodeEntities(buffer).replace(/\s+/g, " ").trim();
    if (text && bufferKind === "heading") sections.push({ title: text, paragraphs: [] });
    else if (text && bufferKind === "block") {
      if (sections.length === 0) sections.push({ title: "", paragraphs: [] });
      const current = sections.at(-1)!;
      if (current.paragraphs.at(-1) !== text) current.paragraphs.push(text);
    }
    buffer = "";
    bufferKind = null;
  };

  const rewriter = new HTMLRewriter()
    .on("title", {
      element(el) {
        inTitle = true;
        el.onEndTag(() => {
          inTitle = false;
        });
      },
      text(chunk) {
        if (inTitle) title += chunk.text;
      },
    })
    .on(SKIPPED.join(","), {
      element(el) {
        try {
          el.onEndTag(() => {
            skipDepth--;
          });
          skipDepth++;
        } catch {
          // A self-closing element (<svg/>) has no end tag and no content to skip.
        }
      },
    })
    .on([...HEADINGS, ...BLOCKS].join(","), {
      element(el) {
        if (skipDepth > 0) return;
        flush();
        bufferKind = HEADINGS.includes(el.tagName) ? "heading" : "block";
        el.onEndTag(flush);
      },
    })
    .on("br", {
      element() {
        buffer += " ";
      },
    })
    .on("body *", {
      text(chunk) {
        if (skipDepth === 0 && bufferKind) buffer += chunk.text;
      },
    });

  await rewriter.transform(new Response(html, { headers: { "Content-Type": "text/html" } })).text();
  flush();
  const cleanTitle = decodeEntities(title).replace(/\s+/g, " ").trim();
  return {
    title: cleanTitle,
    sections: sections
      .map((s) => ({ title: s.title || cleanTitle || "Website", paragraphs: s.paragraphs }))
      .filter((s) => s.paragraphs.length > 0),
  };
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  copy: "©",
  reg: "®",
  trade: "™",
  euro: "€",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1]?.toLowerCase() === "x" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
    }
    return NAMED[code.toLowerCase()] ?? whole;
  });
}
