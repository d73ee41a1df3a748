/**
 * Okapi BM25 over posting lists. Pure: the index adapter fetches postings and collection statistics; this
 * scores them. k1 and b were chosen on the CheckThat! 2020 Task 2 and 2022 Task 2A train splits (see
 * test/evaluation/evaluate-matching.ts and docs in notes).
 */
export const BM25_K1 = 1.2;
export const BM25_B = 0.6;

export interface Posting {
  docId: string;
  tf: number;
  length: number;
}

export interface TermPostings {
  term: string;
  /** Query-side frequency of the term. */
  qtf: number;
  /** Documents containing the term (including those a full posting shard no longer lists). */
  df: number;
  postings: Posting[];
}

export interface CollectionStats {
  docs: number;
  totalLength: number;
}

export function idf(df: number, docs: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

/** BM25 score per document id, best first. */
export function bm25(terms: readonly TermPostings[], stats: CollectionStats, k1 = BM25_K1, b = BM25_B): Array<{ docId: string; score: number }> {
  const avgdl = stats.docs > 0 ? Math.max(1, stats.totalLength / stats.docs) : 1;
  const scores = new Map<string, number>();
  for (const t of terms) {
    const w = idf(t.df, Math.max(stats.docs, t.df));
    for (const p of t.postings) {
      const norm = (p.tf * (k1 + 1)) / (p.tf + k1 * (1 - b + (b * p.length) / avgdl));
      scores.set(p.docId, (scores.get(p.docId) ?? 0) + w * norm * Math.min(t.qtf, 3));
    }
  }
  return [...scores.entries()].map(([docId, score]) => ({ docId, score })).sort((x, y) => y.score - x.score || (x.docId < y.docId ? -1 : 1));
}

/** The score a text would get against itself: divides BM25 into a 0..1-ish relevance. */
export function selfScore(terms: readonly TermPostings[], length: number, stats: CollectionStats, k1 = BM25_K1, b = BM25_B): number {
  const avgdl = stats.docs > 0 ? Math.max(1, stats.totalLength / stats.docs) : 1;
  let s = 0;
  for (const t of terms) {
    const w = idf(t.df, Math.max(stats.docs, t.df));
    s += ((w * (t.qtf * (k1 + 1))) / (t.qtf + k1 * (1 - b + (b * length) / avgdl))) * Math.min(t.qtf, 3);
  }
  return s;
}
