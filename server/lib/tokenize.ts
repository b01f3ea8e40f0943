/**
 * Tokenizer for retrieval: lower-case words and numbers in any script, English stop words
 * dropped, and a light suffix-stripping stemmer so "pricing", "prices" and "price" meet.
 */

const STOP_WORDS = new Set(
  (
    "a an and are as at be but by can could do does did for from had has have how i if in into is it its " +
    "me my of on or our so than that the their them then there these they this to too us was we were what " +
    "when where which who why will with would you your yours about any all also am been being just more " +
    "much many most no not only other some such very here tell please hi hello hey thanks thank"
  ).split(" "),
);

export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  for (const [suffix, replacement] of [
    ["ies", "y"],
    ["ing", ""],
    ["ed", ""],
    ["es", ""],
    ["s", ""],
  ] as const) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length) + replacement;
    }
  }
  return word.endsWith("e") && word.length > 4 ? word.slice(0, -1) : word;
}

export function tokenize(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .normalize("NFKC")
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOP_WORDS.has(word)).map(stem);
}
