/**
 * The one token estimate, for wherever a count is needed before (or without) a provider's report:
 * fitting context and knowledge into a window, holding quota before a call, and usage when a
 * model reports none. Tokenizers differ per provider, so it is deliberately conservative: about
 * 3.5 ASCII characters a token and one token for every other character (CJK and emoji cost about
 * that), so what it says fits does fit, and a quota hold covers the call.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 3.5) + other;
}
