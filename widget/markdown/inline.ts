/**
 * Inline markdown (code spans, **bold**, *italic*, [links](url), bare URLs) built as DOM nodes.
 * Text only ever becomes Text nodes; links are live only for http(s) and mailto URLs. Underscore
 * emphasis is left out on purpose: it mangles identifiers such as `__init__` in prose.
 */
const INLINE =
  /`([^`\n]+)`|\*\*(?=\S)([^*]+?)\*\*|\*(?=\S)([^*\n]+?)\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

export function appendInline(parent: Node, text: string): void {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, code, strong, em, label, href, bare] = match;
    if (code !== undefined) parent.appendChild(element("code", code));
    else if (strong !== undefined) appendInline(parent.appendChild(document.createElement("strong")), strong);
    else if (em !== undefined) appendInline(parent.appendChild(document.createElement("em")), em);
    else if (label !== undefined) parent.appendChild(link(label, href!));
    else if (bare !== undefined) parent.appendChild(link(bare, bare));
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

/** A live link for safe URLs; anything else (javascript:, data:, vbscript:, …) stays plain text. */
export function link(label: string, href: string): Node {
  let url: URL;
  try {
    url = new URL(href, location.href);
  } catch {
    return document.createTextNode(label);
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return document.createTextNode(label);
  const anchor = document.createElement("a");
  anchor.href = url.href;
  anchor.target = "_blank";
  anchor.rel = "noopener noreferrer";
  // Labels stay plain text: formatting them would re-match a bare URL label as a link, forever.
  anchor.textContent = label;
  return anchor;
}

function element(tag: string, text: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}
