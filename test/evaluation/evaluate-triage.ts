/**
 * Evaluation of the triage domain on the labelled fixtures.
 *
 *   npx tsx test/evaluation/evaluate-triage.ts
 *
 * Check-worthiness (test/fixtures/triage/check-worthiness.json):
 * - AP: average precision of the whole set ranked by score (check-worthy = relevant). Ties are broken
 *   pessimistically (non-check-worthy first), so the figure cannot be flattered by equal scores.
 * - per-category AP: each category ranked against all items of the opposite label (e.g. "question" items against
 *   every check-worthy item) - how well that kind of sentence is separated. MAP is the mean of these.
 * - precision / recall / F1 of "score >= threshold" at the configured threshold, plus a threshold sweep.
 * Matching (test/fixtures/triage/matching-pairs.json):
 * - candidate recall: share of same-claim pairs that share at least one LSH band key (what the DynamoDB index
 *   returns), and the share of different-claim pairs that do (extra reads, later rejected);
 * - precision / recall / F1 of the full pipeline: candidate AND matchSimilarity >= duplicate threshold.
 *
 * The module also exports the computations for the regression test in test/unit/triage.
 */
import { readFileSync } from 'node:fs';
import '../../shared/adapters/check-worthiness-model.ts';
import { printPublicEvaluation } from './evaluate-check-worthiness.ts';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  claimSignature,
  defaultTriageThresholds,
  LSH_BANDS,
  LSH_ROWS,
  matchSimilarity,
  normalizeStatement,
  RULE_DUPLICATE_THRESHOLD,
  triageClaim,
} from '../../shared/domain/triage/index.ts';
import { bandKeys, shingles } from '../../shared/domain/triage/claim-signature.ts';

export interface CheckWorthinessItem {
  id: string;
  text: string;
  checkWorthy: boolean;
  category: string;
  language?: string;
}

export interface MatchingPair {
  id: string;
  a: string;
  b: string;
  same: boolean;
  category: string;
}

const fixtureDir = fileURLToPath(new URL('../fixtures/triage/', import.meta.url));

export function loadCheckWorthinessItems(): CheckWorthinessItem[] {
  const raw = JSON.parse(readFileSync(`${fixtureDir}check-worthiness.json`, 'utf8')) as { items: CheckWorthinessItem[] };
  return raw.items;
}

export function loadMatchingPairs(): MatchingPair[] {
  const raw = JSON.parse(readFileSync(`${fixtureDir}matching-pairs.json`, 'utf8')) as { pairs: MatchingPair[] };
  return raw.pairs;
}

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function prf(predicted: readonly boolean[], actual: readonly boolean[]): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  predicted.forEach((p, i) => {
    const a = actual[i] === true;
    if (p && a) tp++;
    else if (p && !a) fp++;
    else if (!p && a) fn++;
    else tn++;
  });
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp, fp, fn, tn };
}

/** Average precision of a ranking by score (ties: non-relevant first). */
export function averagePrecision(scored: ReadonlyArray<{ score: number; relevant: boolean }>): number {
  const ranked = [...scored].sort((x, y) => y.score - x.score || Number(x.relevant) - Number(y.relevant));
  const totalRelevant = ranked.filter((r) => r.relevant).length;
  if (totalRelevant === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((r, i) => {
    if (r.relevant) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return sum / totalRelevant;
}

export interface ScoredItem extends CheckWorthinessItem {
  score: number;
  detectedLanguage: string;
}

export interface CheckWorthinessReport {
  ap: number;
  map: number;
  perCategory: Array<{ category: string; label: boolean; n: number; ap: number; accuracy: number; meanScore: number }>;
  atThreshold: PRF & { threshold: number };
  sweep: Array<{ threshold: number } & PRF>;
  scored: ScoredItem[];
  languageAccuracy: number;
}

export function evaluateCheckWorthiness(items: readonly CheckWorthinessItem[], threshold = defaultTriageThresholds.checkWorthy): CheckWorthinessReport {
  // Language is not passed in: detection is part of what is evaluated.
  const scored: ScoredItem[] = items.map((item) => {
    const result = triageClaim({ statement: item.text }, [], defaultTriageThresholds);
    return { ...item, score: result.checkWorthiness.score, detectedLanguage: result.language.code };
  });
  const ap = averagePrecision(scored.map((s) => ({ score: s.score, relevant: s.checkWorthy })));
  const categories = [...new Set(scored.map((s) => s.category))];
  const perCategory = categories.map((category) => {
    const own = scored.filter((s) => s.category === category);
    const label = own.filter((s) => s.checkWorthy).length * 2 >= own.length;
    const opposite = scored.filter((s) => s.checkWorthy !== label);
    const pool = [...own, ...opposite].map((s) => ({ score: s.score, relevant: s.checkWorthy }));
    const correct = own.filter((s) => s.score >= threshold === s.checkWorthy).length;
    return {
      category,
      label,
      n: own.length,
      ap: averagePrecision(pool),
      accuracy: correct / own.length,
      meanScore: own.reduce((sum, s) => sum + s.score, 0) / own.length,
    };
  });
  const map = perCategory.reduce((sum, c) => sum + c.ap, 0) / perCategory.length;
  const actual = scored.map((s) => s.checkWorthy);
  const atThreshold = {
    threshold,
    ...prf(
      scored.map((s) => s.score >= threshold),
      actual,
    ),
  };
  const sweep = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7].map((t) => ({
    threshold: t,
    ...prf(
      scored.map((s) => s.score >= t),
      actual,
    ),
  }));
  const withLanguage = scored.map((s) => (s.language ?? 'en') === s.detectedLanguage);
  const languageAccuracy = withLanguage.filter(Boolean).length / withLanguage.length;
  return { ap, map, perCategory, atThreshold, sweep, scored, languageAccuracy };
}

export interface MatchingReport {
  bands: number;
  rows: number;
  threshold: number;
  candidateRecall: number;
  candidateRateDifferent: number;
  pipeline: PRF;
  similarityOnly: PRF;
  details: Array<MatchingPair & { similarity: number; candidate: boolean }>;
}

export function evaluateMatching(pairs: readonly MatchingPair[], threshold = RULE_DUPLICATE_THRESHOLD, bands = LSH_BANDS, rows = LSH_ROWS): MatchingReport {
  const details = pairs.map((pair) => {
    const sa = claimSignature(normalizeStatement(pair.a));
    const sb = claimSignature(normalizeStatement(pair.b));
    const ka = bands === LSH_BANDS && rows === LSH_ROWS ? sa.bands : bandKeys(shingles(sa.tokens), bands, rows);
    const kb = new Set(bands === LSH_BANDS && rows === LSH_ROWS ? sb.bands : bandKeys(shingles(sb.tokens), bands, rows));
    const candidate = ka.some((k) => kb.has(k));
    return { ...pair, similarity: matchSimilarity(sa, sb), candidate };
  });
  const same = details.filter((d) => d.same);
  const different = details.filter((d) => !d.same);
  const actual = details.map((d) => d.same);
  return {
    bands,
    rows,
    threshold,
    candidateRecall: same.filter((d) => d.candidate).length / same.length,
    candidateRateDifferent: different.filter((d) => d.candidate).length / different.length,
    pipeline: prf(
      details.map((d) => d.candidate && d.similarity >= threshold),
      actual,
    ),
    similarityOnly: prf(
      details.map((d) => d.similarity >= threshold),
      actual,
    ),
    details,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------------

const pct = (x: number): string => x.toFixed(3);

function printPRF(label: string, r: PRF): void {
  console.log(`${label}: precision ${pct(r.precision)}  recall ${pct(r.recall)}  F1 ${pct(r.f1)}  ` + `(tp ${r.tp}, fp ${r.fp}, fn ${r.fn}, tn ${r.tn})`);
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const data = process.env.FACTFLOW_EVAL_DATA;
  if (data !== undefined && data !== '') printPublicEvaluation(data);
  else console.log('FACTFLOW_EVAL_DATA is not set: no public dev split evaluated (see shared/models/check-worthiness/MODEL.md).');
  console.log('\n== SMOKE TEST ONLY: our own fixtures (written by the same hands as the old scorer; they measure nothing)');
  const items = loadCheckWorthinessItems();
  const started = performance.now();
  const cw = evaluateCheckWorthiness(items);
  const elapsed = performance.now() - started;
  console.log(`== Check-worthiness (${items.length} sentences, ${items.filter((i) => i.checkWorthy).length} check-worthy)`);
  console.log(`AP (whole set ranked by score): ${pct(cw.ap)}`);
  console.log(`MAP (mean of per-category APs): ${pct(cw.map)}`);
  console.log('per category (AP against all items of the opposite label):');
  for (const c of [...cw.perCategory].sort((x, y) => x.category.localeCompare(y.category))) {
    console.log(
      `  ${c.category.padEnd(20)} ${c.label ? 'worthy ' : 'not    '} n=${String(c.n).padStart(3)}  AP ${pct(c.ap)}  ` +
        `accuracy@threshold ${pct(c.accuracy)}  mean score ${pct(c.meanScore)}`,
    );
  }
  printPRF(`at threshold ${cw.atThreshold.threshold}`, cw.atThreshold);
  console.log('threshold sweep:');
  for (const s of cw.sweep) console.log(`  ${s.threshold.toFixed(2)}  P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`);
  console.log(`language detection accuracy (en unless labelled): ${pct(cw.languageAccuracy)}`);
  console.log(`mean triage time: ${(elapsed / items.length).toFixed(2)} ms per sentence (warm)`);
  const errors = cw.scored.filter((s) => s.score >= cw.atThreshold.threshold !== s.checkWorthy);
  console.log(`misclassified at threshold (${errors.length}):`);
  for (const e of errors) console.log(`  [${e.checkWorthy ? 'worthy' : 'not'} ${e.category}] ${e.score.toFixed(3)}  ${e.text}`);

  const pairs = loadMatchingPairs();
  console.log(`\n== Matching (${pairs.length} pairs, ${pairs.filter((p) => p.same).length} same claim)`);
  const m = evaluateMatching(pairs);
  console.log(
    `LSH ${m.bands} bands x ${m.rows} rows: candidate recall ${pct(m.candidateRecall)}; ` +
      `different-claim pairs that are candidates ${pct(m.candidateRateDifferent)}`,
  );
  printPRF(`pipeline (candidate and similarity >= ${m.threshold})`, m.pipeline);
  printPRF('similarity only (no LSH step)', m.similarityOnly);
  console.log('other LSH settings (same similarity threshold):');
  for (const [b, r] of [
    [16, 4],
    [20, 3],
    [32, 2],
    [64, 1],
  ] as const) {
    const alt = evaluateMatching(pairs, m.threshold, b, r);
    console.log(
      `  ${String(b).padStart(2)} x ${r}: candidate recall ${pct(alt.candidateRecall)}, different-claim candidates ` +
        `${pct(alt.candidateRateDifferent)}, pipeline F1 ${pct(alt.pipeline.f1)}`,
    );
  }
  console.log('similarity threshold sweep (pipeline):');
  for (const t of [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]) {
    const alt = evaluateMatching(pairs, t);
    console.log(`  ${t.toFixed(2)}  P ${pct(alt.pipeline.precision)}  R ${pct(alt.pipeline.recall)}  F1 ${pct(alt.pipeline.f1)}`);
  }
  const wrong = m.details.filter((d) => (d.candidate && d.similarity >= m.threshold) !== d.same);
  console.log(`mismatched pairs (${wrong.length}):`);
  for (const d of wrong) {
    console.log(`  [${d.same ? 'same' : 'different'} ${d.category}] sim ${d.similarity.toFixed(3)} candidate ${d.candidate}`);
    console.log(`    a: ${d.a}\n    b: ${d.b}`);
  }
  if (verbose) {
    for (const d of m.details) console.log(`  ${d.same ? 'S' : 'D'} ${d.similarity.toFixed(3)} ${d.candidate ? 'C' : '-'} ${d.id} ${d.category}`);
    for (const s of [...cw.scored].sort((x, y) => x.score - y.score)) {
      console.log(`  ${s.checkWorthy ? 'T' : 'F'} ${s.score.toFixed(3)} ${s.category} ${s.text}`);
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
