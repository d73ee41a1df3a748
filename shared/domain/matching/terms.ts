/**
 * Index terms of a text: the cleaned text's canonical tokens (stemmed, synonyms folded, stop words dropped,
 * quantities normalized), counted. The same function feeds the index and the query, so they always agree.
 */
import { canonicalTokens } from '../triage/canonical-tokens.ts';
import { cleanText } from './clean.ts';

/** Most distinct terms indexed per document: bounds the writes per claim (see term-index.ts). */
export const MAX_DOC_TERMS = 48;
/** Most distinct terms a query looks up: bounds the reads per lookup. */
export const MAX_QUERY_TERMS = 32;

export interface TermCounts {
  /** term → frequency in the text */
  tf: Map<string, number>;
  /** number of tokens (document length for BM25) */
  length: number;
}

/** Term counts; terms that are pure direction markers are kept (they are words of the claim). */
export function termCounts(text: string, maxTerms = MAX_DOC_TERMS): TermCounts {
  const { tokens } = canonicalTokens(cleanText(text));
  const tf = new Map<string, number>();
  for (const t of tokens) {
    // DynamoDB keys are bounded; a 200-letter "word" is noise anyway.
    if (t.length > 60) continue;
    tf.set(t, (tf.get(t) ?? 0) + 1);
  }
  if (tf.size > maxTerms) {
    // Keep the most frequent, then the longest (longer words are rarer and more telling).
    const kept = [...tf.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1)).slice(0, maxTerms);
    return { tf: new Map(kept), length: tokens.length };
  }
  return { tf, length: tokens.length };
}
