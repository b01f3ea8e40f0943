import { appendInline } from "./inline";

type OpenBlock =
  | { kind: "paragraph"; element: HTMLElement }
  | { kind: "code"; element: HTMLElement; fence: string }
  | { kind: "list"; element: HTMLElement; ordered: boolean }
  | { kind: "quote"; element: HTMLElement }
  /** A `| a | b |` line shown as a paragraph until the next line says whether it heads a table. */
  | { kind: "table-head"; element: HTMLElement; line: string }
  | { kind: "table"; body: HTMLElement };

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_ROW = /^\s{0,3}\|/;
const TABLE_DELIMITER = /^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
/** An unfinished line that starts like a block of its own is not previewed inside a paragraph. */
const BLOCK_START = /^\s{0,3}([-*+_>#`~|]|\d+[.)])/;

export interface MarkdownOptions {
  /** The label of the copy button on code blocks. */
  copyLabel?: string;
}

/**
 * Markdown rendered incrementally into DOM nodes as text streams in. Finished lines are built once
 * and never touched again; only the unfinished last line (the preview) is redrawn, so the work per
 * update is bounded by one line, never by the whole message. No HTML string is ever parsed: every
 * node is created explicitly. Inline formatting does not span lines (a deliberate simplification).
 */
export class MarkdownStream {
  readonly #parent: Node;
  readonly #before: Node | null;
  readonly #options: MarkdownOptions;
  #partial = "";
  #open: OpenBlock | null = null;
  #preview: Node | null = null;

  /** Renders into `parent`, before `before` (null: at the end). */
  constructor(parent: Node, before: Node | null = null, options: MarkdownOptions = {}) {
    this.#parent = parent;
    this.#before = before;
    this.#options = options;
  }

  append(text: string): void {
    if (!text.includes("\n")) {
      this.#partial += text;
      return this.#drawPreview(text);
    }
    const lines = (this.#partial + text).split("\n");
    this.#partial = lines.pop()!;
    this.#removePreview();
    for (const line of lines) this.#line(line);
    this.#drawPreview();
  }

  /** The text is complete: the last line is a full line. */
  finish(): void {
    this.#removePreview();
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
    if (open?.kind === "table-head") {
      if (TABLE_DELIMITER.test(line)) return this.#startTable(open);
      this.#open = { kind: "paragraph", element: open.element }; // it was a paragraph after all
    }
    const fence = FENCE.exec(line);
    if (fence) {
      this.#open = { kind: "code", element: this.#codeBlock(), fence: fence[1]! };
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
    if (TABLE_ROW.test(line)) {
      if (this.#open?.kind === "table") return this.#row(this.#open.body, line, "td");
      if (this.#open?.kind !== "paragraph") {
        this.#close();
        const element = this.#insert(document.createElement("p"));
        appendInline(element, line);
        this.#open = { kind: "table-head", element, line };
        return;
      }
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    const item = bullet ?? ordered;
    if (item) {
      const isOrdered = !!ordered;
      const current = this.#open;
      let list = current?.kind === "list" && current.ordered === isOrdered ? current.element : null;
      if (!list) {
        list = this.#insert(document.createElement(isOrdered ? "ol" : "ul"));
        this.#open = { kind: "list", element: list, ordered: isOrdered };
      }
      appendInline(list.appendChild(document.createElement("li")), item[1]!);
      return;
    }
    const quote = QUOTE.exec(line);
    if (quote) {
      const current = this.#open;
      if (current?.kind === "quote") {
        current.element.appendChild(document.createTextNode("\n"));
        appendInline(current.element, quote[1]!);
      } else {
        const element = this.#insert(document.createElement("blockquote"));
        appendInline(element, quote[1]!);
        this.#open = { kind: "quote", element };
      }
      return;
    }
    const current = this.#open;
    if (current?.kind === "paragraph") {
      current.element.appendChild(document.createTextNode("\n"));
      appendInline(current.element, line);
    } else {
      const element = this.#insert(document.createElement("p"));
      appendInline(element, line);
      this.#open = { kind: "paragraph", element };
    }
  }

  #close(): void {
    this.#open = null;
  }

  /** `<div class="code-block"><button class="copy-code">…</button><pre><code>`; returns the code. */
  #codeBlock(): HTMLElement {
    const block = this.#insert(document.createElement("div"));
    block.className = "code-block";
    const copy = block.appendChild(document.createElement("button"));
    copy.type = "button";
    copy.className = "copy-code";
    copy.textContent = this.#options.copyLabel ?? "Copy code";
    return block.appendChild(document.createElement("pre")).appendChild(document.createElement("code"));
  }

  #startTable(head: Extract<OpenBlock, { kind: "table-head" }>): void {
    const table = document.createElement("table");
    this.#row(table.appendChild(document.createElement("thead")), head.line, "th");
    const body = table.appendChild(document.createElement("tbody"));
    head.element.replaceWith(table);
    this.#open = { kind: "table", body };
  }

  #row(section: HTMLElement, line: string, cell: "th" | "td"): void {
    const row = section.appendChild(document.createElement("tr"));
    const cells = line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|");
    for (const text of cells) appendInline(row.appendChild(document.createElement(cell)), text.trim());
  }

  /**
   * Shows the unfinished last line where it will most likely end up. In code the preview is one
   * text node that only grows (`delta` is appended); elsewhere it is the line so far, inline-rendered.
   */
  #drawPreview(delta?: string): void {
    if (!this.#partial) return;
    const open = this.#open;
    if (open?.kind === "code") {
      if (delta !== undefined && this.#preview instanceof Text) (this.#preview as Text).appendData(delta);
      else {
        this.#removePreview();
        this.#preview = open.element.appendChild(document.createTextNode(this.#partial));
      }
      return;
    }
    this.#removePreview();
    const inParagraph = open?.kind === "paragraph" && !BLOCK_START.test(this.#partial);
    const node = inParagraph
      ? open.element.appendChild(document.createElement("span"))
      : this.#insert(document.createElement("p"));
    appendInline(node, inParagraph ? `\n${this.#partial}` : this.#partial);
    this.#preview = node;
  }

  #removePreview(): void {
    this.#preview?.parentNode?.removeChild(this.#preview);
    this.#preview = null;
  }

  #insert<T extends Node>(node: T): T {
    return this.#parent.insertBefore(node, this.#before);
  }
}
