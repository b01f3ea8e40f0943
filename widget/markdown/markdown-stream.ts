import { appendInline } from "./inline";

type OpenBlock =
  | { kind: "paragraph"; element: HTMLElement; lines: string[] }
  | { kind: "code"; element: HTMLElement; fence: string }
  | { kind: "list"; element: HTMLElement; ordered: boolean };

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

/**
 * Markdown rendered incrementally into DOM nodes as text streams in. Finished blocks are built
 * once and never touched again; only the open block (a paragraph, or the last line of a code
 * block or list) is redrawn, so the work per update is bounded by the open block, not by the
 * whole message. No HTML string is ever parsed: every node is created explicitly.
 */
export class MarkdownStream {
  readonly #parent: Node;
  readonly #before: Node | null;
  #partial = "";
  #open: OpenBlock | null = null;
  #preview: Node | null = null;
  /** The open paragraph while it also shows the unfinished line. */
  #previewParagraph: Extract<OpenBlock, { kind: "paragraph" }> | null = null;

  /** Renders into `parent`, before `before` (null: at the end). */
  constructor(parent: Node, before: Node | null = null) {
    this.#parent = parent;
    this.#before = before;
  }

  append(text: string): void {
    const lines = (this.#partial + text).split("\n");
    this.#partial = lines.pop()!;
    if (lines.length) this.#clearPreview();
    for (const line of lines) this.#line(line);
    this.#drawPreview();
  }

  /** The text is complete: the last line is a full line. */
  finish(): void {
    this.#clearPreview();
    if (this.#partial) this.#line(this.#partial);
    this.#partial = "";
    this.#open = null;
  }

  #line(line: string): void {
    const open = this.#open;
    if (open?.kind === "code") {
      if (line.trim().startsWith(open.fence) && line.trim().replace(/[`~]/g, "") === "") this.#open = null;
      else open.element.appendChild(document.createTextNode(`${line}\n`));
      return;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      this.#close();
      const pre = this.#insert(document.createElement("pre"));
      this.#open = { kind: "code", element: pre.appendChild(document.createElement("code")), fence: fence[1]! };
      return;
    }
    if (line.trim() === "") return this.#close();
    const heading = HEADING.exec(line);
    if (heading) {
      this.#close();
      appendInline(this.#insert(document.createElement(`h${Math.min(heading[1]!.length + 2, 6)}`)), heading[2]!);
      return;
    }
    if (RULE.test(line)) {
      this.#close();
      this.#insert(document.createElement("hr"));
      return;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    const item = bullet ?? ordered;
    if (item) {
      const isOrdered = !!ordered;
      if (open?.kind !== "list" || open.ordered !== isOrdered) {
        this.#close();
        this.#open = {
          kind: "list",
          element: this.#insert(document.createElement(isOrdered ? "ol" : "ul")),
          ordered: isOrdered,
        };
      }
      appendInline(this.#open!.element.appendChild(document.createElement("li")), item[1]!);
      return;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      this.#close();
      appendInline(this.#insert(document.createElement("blockquote")), quote[1]!);
      return;
    }
    if (open?.kind !== "paragraph") {
      this.#close();
      this.#open = { kind: "paragraph", element: this.#insert(document.createElement("p")), lines: [] };
    }
    const paragraph = this.#open as Extract<OpenBlock, { kind: "paragraph" }>;
    paragraph.lines.push(line);
    this.#drawParagraph(paragraph);
  }

  #close(): void {
    this.#open = null;
  }

  #drawParagraph(paragraph: Extract<OpenBlock, { kind: "paragraph" }>, extra = ""): void {
    paragraph.element.replaceChildren();
    appendInline(paragraph.element, paragraph.lines.join("\n") + extra);
  }

  /** Shows the unfinished last line where it will most likely end up. */
  #drawPreview(): void {
    const open = this.#open;
    if (!this.#partial) return;
    if (open?.kind === "paragraph" && !/^\s{0,3}([-*+_>#`~]|\d+[.)])/.test(this.#partial)) {
      this.#removePreviewNode();
      this.#previewParagraph = open;
      this.#drawParagraph(open, `\n${this.#partial}`);
      return;
    }
    this.#clearPreview();
    this.#preview =
      open?.kind === "code"
        ? open.element.appendChild(document.createTextNode(this.#partial))
        : this.#insert(Object.assign(document.createElement("p"), { textContent: this.#partial }));
  }

  #clearPreview(): void {
    this.#removePreviewNode();
    if (this.#previewParagraph) this.#drawParagraph(this.#previewParagraph);
    this.#previewParagraph = null;
  }

  #removePreviewNode(): void {
    this.#preview?.parentNode?.removeChild(this.#preview);
    this.#preview = null;
  }

  #insert<T extends Node>(node: T): T {
    return this.#parent.insertBefore(node, this.#before);
  }
}
