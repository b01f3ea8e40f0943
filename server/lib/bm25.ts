import { tokenize } from "./tokenize";

/**
 * Okapi BM25 over a small document set (a tenant's knowledge snippets). Built per request: a few
 * hundred snippets index in well under a millisecond, so there is no index to keep in sync.
 */

const K1 = 1.2;
const B = 0.75;

export interface Bm25Document {
  id: string;
  text: string;
}

export interface Bm25Hit {
  id: string;
  score: number;
}

export function createBm25Index(documents: readonly Bm25Document[]) {
  const docs = documents.map((doc) => {
    const terms = tokenize(doc.text);
    const freq = new Map<string, number>();
    for (const term of terms) freq.set(term, (freq.get(term) ?? 0) + 1);
    return { id: doc.id, length: terms.length, freq };
  });
  const avgLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(docs.length, 1);
  const docFreq = new Map<string, number>();
  for (const doc of docs) for (const term of doc.freq.keys()) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);

  const idf = (term: string) => {
    const n = docFreq.get(term) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };

  return {
    /** Documents that share at least one query term, best first. */
    search(query: string, limit: number): Bm25Hit[] {
      const terms = [...new Set(tokenize(query))];
      const hits: Bm25Hit[] = [];
      for (const doc of docs) {
        let score = 0;
        for (const term of terms) {
          const tf = doc.freq.get(term);
          if (!tf) continue;
          score += (idf(term) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / (avgLength || 1)));
        }
        if (score > 0) hits.push({ id: doc.id, score });
      }
      return hits.sort((a, b) => b.score - a.score).slice(0, limit);
    },
    /** Whether the query has any searchable word at all (not just greetings and stop words). */
    hasTerms(query: string): boolean {
      return tokenize(query).length > 0;
    },
  };
}
