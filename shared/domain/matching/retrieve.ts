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

/**
 * How many of the best partial-BM25 entries are re-scored exactly (see `rescore`) before the best `limit` are
 * kept. On the CheckThat! train splits a pool of 50 lost candidates (recall@20 on 2022 Task 2A train 0.934 ->
 * 0.918) and one of 200-300 found no more; 100 is one BatchGetItem (about 37 read units of the lookup's 74).
 */
export const RESCORE_POOL = 100;

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

/**
 * Exact BM25 for a pool of entries, from each entry's own indexed terms. The DynamoDB adapter's posting shards
 * stop listing a common term's documents once full (the df stays exact): the pool it finds through the
 * postings is scored as if every term were listed, so an entry is not ranked up or down by whether it happened
 * to make a full shard's list. On the 2022 Task 2A dev split this alone moved BM25's MAP@5 from 0.892 to 0.915.
 */
export function rescore(
  terms: readonly TermPostings[],
  queryLength: number,
  stats: CollectionStats,
  pool: ReadonlyArray<{ docId: string; signature: ClaimSignature }>,
): Array<{ docId: string; retrieval: number }> {
  const self = selfScore(terms, queryLength, stats);
  if (self <= 0) return [];
  const exact: TermPostings[] = terms.map((t) => ({ ...t, postings: [] }));
  for (const entry of pool) {
    const { tf, length } = documentTerms(entry.signature);
    for (const t of exact) {
      const n = tf.get(t.term);
      if (n !== undefined) t.postings.push({ docId: entry.docId, tf: n, length });
    }
  }
  const scored = new Map(bm25(exact, stats).map((r) => [r.docId, r.score]));
  return pool
    .map((e) => ({ docId: e.docId, retrieval: (scored.get(e.docId) ?? 0) / self }))
    .sort((a, b) => b.retrieval - a.retrieval || (a.docId < b.docId ? -1 : 1));
}
