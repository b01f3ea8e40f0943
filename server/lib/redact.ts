/**
 * Takes secrets out of what upstreams send back before it reaches a model, a log or a client.
 * An endpoint that echoes a credential may do so inside JSON, where `/` can be `\/` and any
 * character `\u0041`: scrubbing the raw text misses those, and parsing then brings the secret
 * back. So structured values are redacted after parsing, in every string and every key, and text
 * is also checked with JSON escapes decoded (a JSON body sent as text/plain, a log line that is
 * itself JSON). The same secret URL-encoded is caught too.
 */

export const REDACTED = "[redacted]";

/** Every occurrence of a secret in `text`, as written or in an escaped form, becomes [redacted]. */
export function redactText(text: string, secrets: readonly string[]): string {
  const present = secrets.filter((s) => s.length > 0);
  if (present.length === 0) return text;
  const literal = replaceForms(text, present);
  const unescaped = unescapeJson(literal);
  // Only when decoding escapes reveals a secret is the decoded text given instead.
  return unescaped !== literal && present.some((s) => unescaped.includes(s))
    ? replaceForms(unescaped, present)
    : literal;
}

/** A parsed value with every string and every object key redacted (a copy; the input is left alone). */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactText(key, secrets), redactValue(item, secrets)]),
    );
  }
  return value;
}

function replaceForms(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const escaped = JSON.stringify(secret).slice(1, -1);
    for (const form of new Set([secret, escaped, escaped.replaceAll("/", "\\/"), encodeURIComponent(secret)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

function unescapeJson(text: string): string {
  return text.replace(
    /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g,
    (_, hex: string | undefined, char: string | undefined) =>
      hex ? String.fromCharCode(parseInt(hex, 16)) : JSON_ESCAPES[char!]!,
  );
}
