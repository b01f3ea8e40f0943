import { noChange } from "lit";
import { Directive, directive, PartType, type ChildPart, type DirectiveResult, type PartInfo } from "lit/directive.js";
import { MarkdownStream } from "./markdown-stream";

/**
 * `markdown(source, copyLabel?)` in element content: `source` is either the segments of a streaming message
 * (only new segments are rendered) or the finished text. When a streamed message completes with
 * the text that was streamed, only the remainder is rendered; otherwise it is rendered afresh.
 */
class MarkdownDirective extends Directive {
  #stream: MarkdownStream | null = null;
  #segments: readonly string[] | null = null;
  #rendered = 0;
  #text = "";

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.CHILD) throw new Error("markdown() only works in element content");
  }

  #copyLabel: string | undefined;

  render(_source: readonly string[] | string, _copyLabel?: string): unknown {
    return noChange;
  }

  override update(part: ChildPart, [source, copyLabel]: [readonly string[] | string, string?]): unknown {
    this.#copyLabel = copyLabel;
    if (typeof source === "string") {
      if (this.#stream && !this.#segments && source === this.#text) return noChange; // unchanged
      if (this.#stream && this.#segments && source.startsWith(this.#text)) {
        this.#stream.append(source.slice(this.#text.length));
      } else {
        this.#reset(part).append(source);
      }
      this.#stream!.finish();
      this.#segments = null;
      this.#text = source;
      return noChange;
    }
    if (source !== this.#segments) {
      this.#reset(part);
      this.#segments = source;
    }
    for (; this.#rendered < source.length; this.#rendered++) {
      this.#stream!.append(source[this.#rendered]!);
      this.#text += source[this.#rendered]!;
    }
    return noChange;
  }

  #reset(part: ChildPart): MarkdownStream {
    const end = part.endNode;
    let node = part.startNode ? part.startNode.nextSibling : part.parentNode.firstChild;
    while (node && node !== end) {
      const next = node.nextSibling;
      node.parentNode!.removeChild(node);
      node = next;
    }
    this.#rendered = 0;
    this.#text = "";
    this.#segments = null;
    this.#stream = new MarkdownStream(part.parentNode, end, { copyLabel: this.#copyLabel });
    return this.#stream;
  }
}

export const markdown: (
  ...values: Parameters<MarkdownDirective["render"]>
) => DirectiveResult<typeof MarkdownDirective> = directive(MarkdownDirective);
