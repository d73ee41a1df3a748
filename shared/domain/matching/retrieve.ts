/** What every SimilarClaimIndex adapter shares: query terms, BM25 ranking, the relative score. */
import type { ClaimSignature } from '../triage/types.ts';
import { bm25, type CollectionStats, selfScore, type TermPostings } from './bm25.ts';
import { MAX_DOC_TERMS, MAX_QUERY_TERMS } from './terms.ts';

function counted(tokens: readonly string[], max: number): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) if (t.length <= 60) tf.set(t, (tf.get(t) ?? 0) + 1);
  if (tf.size <= max) return tf;
  return new Map([...tf.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1)).slice(0, max));
}

/** Terms a document is indexed under, with their frequencies, and its length. */
export function documentTerms(signature: ClaimSignature): { tf: Map<string, number>; length: number } {
  return { tf: counted(signature.tokens, MAX_DOC_TERMS), length: signature.tokens.length };
}

/** Terms a query looks up. */
export function queryTerms(signature: ClaimSignature): Map<string, number> {
  return counted(signature.tokens, MAX_QUERY_TERMS);
}

/** BM25 ranking with each score divided by the query's self score. */
export function rankPostings(
  terms: readonly TermPostings[],
  queryLength: number,
  stats: CollectionStats,
  limit: number,
): Array<{ docId: string; retrieval: number }> {
  const self = selfScore(terms, queryLength, stats);
  if (self <= 0) return [];
  return bm25(terms, stats)
    .slice(0, limit)
    .map((r) => ({ docId: r.docId, retrieval: r.score / self }));
}
