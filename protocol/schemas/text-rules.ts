import { z } from "zod";

/**
 * The one rule for text people and programs send us: messages (widget, sessions API, chat
 * completions), ids such as `user_id`, names and metadata. What is harmless is normalised where
 * the caller asks (trim, NFC); what is not is refused with a 400 naming the field:
 * - lone surrogates (they arrive as `\ud800` JSON escapes; SQLite would store U+FFFD instead),
 * - NUL and the other C0 controls except tab, line feed and carriage return (they truncate or
 *   garble logs, terminals and downstream systems),
 * - bidirectional overrides and isolates U+202A–U+202E, U+2066–U+2069 (they make the text an
 *   agent or a log reader sees differ from the text stored: "Trojan Source").
 */

// eslint-disable-next-line no-control-regex -- finding control characters is this regex's job
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069]|\p{Surrogate}/u;

/** Why `text` is refused, or undefined when it is acceptable. */
export function forbiddenCharacter(text: string): string | undefined {
  const match = FORBIDDEN.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) return `must not contain a lone surrogate (${name})`;
  if (code < 0x20) return `must not contain control characters (${name})`;
  return `must not contain bidirectional control characters (${name})`;
}

/** A string under the rule above; chain trim/normalize/min/max as the field needs. */
export function plainText(field: string) {
  return z.string({ error: `${field} must be a string` }).superRefine((text, ctx) => {
    const problem = forbiddenCharacter(text);
    if (problem) ctx.addIssue({ code: "custom", message: `${field} ${problem}` });
  });
}

/**
 * An identifier the caller chose (`user_id`, `visitor_id`): compared byte for byte with the ids in
 * identity tokens, so it is not rewritten — blank or padded ids are refused instead.
 */
export function identifierText(field: string, max: number) {
  return plainText(field)
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .superRefine((id, ctx) => {
      const trimmed = id.trim();
      if (id !== "" && trimmed === "") ctx.addIssue({ code: "custom", message: `${field} must not be blank` });
      else if (trimmed !== id)
        ctx.addIssue({ code: "custom", message: `${field} must not start or end with whitespace` });
    });
}
