/**
 * DOM building for the reference page: every node is made with createElement and every text with
 * a text node, so nothing from the API document is ever parsed as markup.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];
type AttrValue = string | number | boolean | null | undefined | EventListener;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = String(value);
    else if (typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node: HTMLElement, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Paragraphs, bullet lists and inline code from the document's small markdown. */
export function prose(text: string | undefined): HTMLElement[] {
  const out: HTMLElement[] = [];
  let list: HTMLUListElement | null = null;
  for (const line of (text ?? "").split("\n")) {
    const bullet = /^\s*[*-]\s+(.*)$/.exec(line);
    if (bullet) {
      if (!list) out.push((list = el("ul")));
      list.append(el("li", {}, inline(bullet[1] ?? "")));
    } else if (line.trim()) {
      list = null;
      out.push(el("p", {}, inline(line)));
    } else {
      list = null;
    }
  }
  return out;
}

/** `code` and **bold** within one line. */
export function inline(text: string): Child[] {
  const parts: Child[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    parts.push(text.slice(last, match.index));
    parts.push(match[1] !== undefined ? el("code", {}, match[1]) : el("strong", {}, match[2]));
    last = pattern.lastIndex;
  }
  parts.push(text.slice(last));
  return parts;
}
