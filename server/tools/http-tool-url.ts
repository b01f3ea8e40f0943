/**
 * Fills an HTTP tool's URL template (`https://api.shop.com/customers/{customer_id}/orders`) with
 * the model's arguments. The model is untrusted and the request carries the tenant's credential,
 * so a value must not move the request elsewhere on the tenant's API. Two guards, each enough on
 * its own for the URL parser fetch uses:
 * - a value that is, or holds, a dot segment (`.`, `..`) in any spelling a server might decode —
 *   percent-encoded once or more, `%u002e`, overlong UTF-8, backslashes, fullwidth dots,
 *   `..;param` — is refused, and so is an empty value in the path (`//` is merged by many servers);
 * - the filled URL, as `new URL` reads it, must keep the template's origin and its path up to the
 *   first placeholder. A placeholder in the scheme, host or port is refused outright.
 */

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;

export type ResolvedUrl = { ok: true; url: URL; used: ReadonlySet<string> } | { ok: false; error: string };

export function resolveToolUrl(template: string, args: Record<string, unknown>): ResolvedUrl {
  const fixed = fixedPart(template);
  if (!fixed) return { ok: false, error: "The tool's URL has a placeholder in its host; it cannot be used." };
  const used = new Set<string>();
  const refusals: string[] = [];
  const filled = template.replace(PLACEHOLDER, (_, name: string, offset: number) => {
    used.add(name);
    const value = args[name];
    const text = value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
    if (hasDotSegment(text)) refusals.push(`${name} must not be "." or ".." (a relative path)`);
    else if (text === "" && offset < fixed.pathEnd) refusals.push(`${name} must not be empty`);
    return encodeURIComponent(text);
  });
  if (refusals.length) return { ok: false, error: `Invalid arguments: ${refusals.join("; ")}.` };
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return { ok: false, error: "The arguments do not make a valid URL." };
  }
  const samePath = fixed.inPath ? url.pathname.startsWith(fixed.url.pathname) : url.pathname === fixed.url.pathname;
  if (url.origin !== fixed.url.origin || !samePath) {
    return { ok: false, error: "The arguments would send the request outside the tool's URL." };
  }
  return { ok: true, url, used };
}

/**
 * True when the value, decoded as some server might (percent-decoding repeated until it stops
 * changing, `\` read as `/`, compatibility forms such as fullwidth dots folded, `;params` cut
 * from a segment), has a segment made only of dots.
 */
export function hasDotSegment(value: string): boolean {
  let text = value;
  for (let round = 0; round < 8; round++) {
    if (segments(text).some((s) => /^\.+$/.test(s))) return true;
    const decoded = percentDecode(text);
    if (decoded === text) return false;
    text = decoded;
  }
  return true; // still decoding after 8 rounds: nothing honest is encoded that deep
}

const segments = (text: string) =>
  text
    .normalize("NFKC")
    .split(/[/\\]/)
    .map((s) => s.replace(/;.*$/, "").trim());

const OVERLONG: Record<string, string> = { "%c0%ae": ".", "%e0%80%ae": ".", "%c0%af": "/", "%c1%9c": "\\" };

function percentDecode(text: string): string {
  return text
    .replace(/%e0%80%ae|%c0%ae|%c0%af|%c1%9c/gi, (seq) => OVERLONG[seq.toLowerCase()]!)
    .replace(/%u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      const bytes = Uint8Array.from(run.slice(1).split("%"), (hex) => parseInt(hex, 16));
      return new TextDecoder().decode(bytes);
    });
}

/**
 * The template before its first placeholder, as the URL parser reads it, and where the template's
 * path ends (placeholders before that offset are path segments). Null when a placeholder comes
 * before the authority is complete (in the scheme, host or port).
 */
function fixedPart(template: string): { url: URL; inPath: boolean; pathEnd: number } | null {
  const first = template.search(/\{[A-Za-z0-9_]+\}/);
  const head = first < 0 ? template : template.slice(0, first);
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:[/\\]*/.exec(head);
  if (!scheme) return null;
  const afterAuthority = head.slice(scheme[0].length).search(/[/\\?#]/);
  if (afterAuthority < 0 && first >= 0) return null;
  let url: URL;
  try {
    url = new URL(head);
  } catch {
    return null;
  }
  const queryAt = template.search(/[?#]/);
  const pathEnd = queryAt < 0 ? template.length : queryAt;
  return { url, inPath: first >= 0 && first < pathEnd, pathEnd };
}
