/**
 * Relevance of evidence to a claim: tokenization of the statement and of each record's title and snippet, and
 * their BM25 scores. Pure: no I/O.
 */

/** A small English stop-word list: function words that would otherwise dominate short claims. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her ' +
    'hers him his how i if in into is it its itself just me more most my no nor not of off on once only or ' +
    'other our ours out over own same she should so some such than that the their theirs them then there ' +
    'these they this those through to too under until up very was we were what when where which while who ' +
    'whom why will with would you your yours'
  ).split(' '),
);

/**
 * Lower-cased, diacritics-folded runs of Unicode letters/numbers, minus stop words and single letters
 * (single digits are kept: numbers matter in claims). Scripts without spaces (CJK, Thai) come out as
 * one token per run, which is good enough for de-duplicated, title-level matching.
 */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const out: string[] = [];
  for (const tok of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (tok === '' || STOP_WORDS.has(tok)) continue;
    if (tok.length === 1 && !/\p{N}/u.test(tok)) continue;
    out.push(tok);
  }
  return out;
}

/*
 * BM25 is written here rather than imported: we score a handful (≤ ~50) of short documents per claim,
 * once, in memory. The maintained search libraries (lunr, minisearch, wink-bm25, …) are full index
 * engines with their own tokenizers, index build steps and serialized state, and the small BM25-only
 * packages are unmaintained; the formula itself is a dozen lines and this keeps tokenization under our
 * control and the function pure and deterministic.
 *
 * score(D, Q) = Σ_{t ∈ Q} idf(t) · tf(t,D)·(k1+1) / (tf(t,D) + k1·(1 − b + b·|D|/avgdl))
 * idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))   — the Lucene variant, always positive; the classic
 * Robertson idf goes negative when a term occurs in more than half of the documents, which is the normal
 * case for a small batch that was retrieved *because* it matches the claim.
 */
const BM25_K1 = 1.2;
const BM25_B = 0.75;

/** BM25 scores of `docs` (token lists) for the query terms (de-duplicated), in input order. */
export function bm25Scores(queryTerms: readonly string[], docs: readonly (readonly string[])[]): number[] {
  const n = docs.length;
  if (n === 0) return [];
  const terms = [...new Set(queryTerms)];
  const avgdl = docs.reduce((s, d) => s + d.length, 0) / n || 1;
  const tfs = docs.map((d) => {
    const m = new Map<string, number>();
    for (const t of d) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const idf = new Map<string, number>();
  for (const t of terms) {
    const df = tfs.reduce((c, m) => c + (m.has(t) ? 1 : 0), 0);
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  return docs.map((d, i) => {
    const tf = tfs[i]!;
    let score = 0;
    for (const t of terms) {
      const f = tf.get(t) ?? 0;
      if (f === 0) continue;
      score += (idf.get(t)! * f * (BM25_K1 + 1)) / (f + BM25_K1 * (1 - BM25_B + (BM25_B * d.length) / avgdl));
    }
    return score;
  });
}
