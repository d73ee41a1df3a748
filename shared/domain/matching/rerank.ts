/**
 * The re-ranker: decides, for each BM25 candidate, how close it is to the query and whether it is the same
 * claim (a duplicate) or only the same subject (related). The old hard rules — quantities must agree, the
 * direction of change must agree, names must not be swapped, negation — are features of a scored decision,
 * not caps. Weights and thresholds were chosen on the train/dev splits of CheckThat! 2020 Task 2 and 2022
 * Task 2A (npm run eval:matching; figures in the README's matching section).
 */
import { dateAgreement, setAgreement, splitQuantities } from '../triage/agreement.ts';
import type { ClaimSignature, DuplicateKind } from '../triage/types.ts';

export interface RerankWeights {
  bm25: number;
  tokens: number;
  chars: number;
  conflict: number;
  negation: number;
}

/** Chosen on the train splits (grid search, MAP@5); see test/evaluation/evaluate-matching.ts. */
export const RERANK_WEIGHTS: RerankWeights = { bm25: 1, tokens: 0.1, chars: 0.5, conflict: 0, negation: 0 };

/**
 * Thresholds on the re-ranked similarity. A duplicate needs no conflicting quantity, direction, name or
 * negation; a candidate above `related` that is not a duplicate is shown to the reviewer as related.
 */
export const MATCH_THRESHOLDS = { duplicate: 0.35, related: 0.2 } as const;

/**
 * How many of the index's best candidates (BM25) the re-ranker weighs per lookup, for triage, the archive evidence
 * provider and a document's sentences (the verdict search weighs all of SEARCH_DEPTH). The DynamoDB adapter reads
 * RESCORE_POOL (100) candidates' signatures whatever this is, so it costs no request, only re-ranking time. Chosen
 * with `npm run eval:matching -- --rerank N` on the train splits, MAP@5 at 30 / 40 / 50 / 60 / 80: 2020 Task 2
 * train against the full collection 0.920 / 0.924 / 0.924 / 0.925 / 0.924, against 2020-described 0.938 / 0.939 /
 * 0.940 / 0.941 / 0.941, 2022 Task 2A train 0.915 / 0.917 / 0.920 / 0.920 / 0.921 (deeper, the date bonus reaches
 * a timely fact-check that BM25 alone ranked low). Without dates the depth changes nothing.
 */
export const RERANK_DEPTH = 60;

export interface MatchFeatures {
  /** BM25 score divided by the query's score against itself (about 0..1). */
  bm25: number;
  /** Jaccard of the canonical token sets. */
  tokens: number;
  /** Dice of character 3-gram sets of the cleaned, lower-cased texts. */
  chars: number;
  quantityConflict: boolean;
  directionConflict: boolean;
  nameConflict: boolean;
  negationMismatch: boolean;
}

const NEGATION_WORDS = /\b(?:not|no|never|nowhere|none|neither|nor|without|n't|false|fake|hoax|debunked|myth)\b|n't\b/iu;

function charGrams(text: string): Set<string> {
  const s = ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return (2 * inter) / (a.size + b.size);
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * A name counts as present when a token is the name or shares its stem with it (at least 4 letters): "Korea" and
 * "Korean", "Russia" and "Russian" name the same country, so "North Korea sends troops" does not conflict with
 * "North Korean troops".
 */
function hasName(tokens: ReadonlySet<string>, name: string): boolean {
  if (tokens.has(name)) return true;
  if (name.length < 4) return false;
  for (const t of tokens) if (t.length >= 4 && (t.startsWith(name) || name.startsWith(t))) return true;
  return false;
}

export interface MatchSide {
  text: string;
  signature: ClaimSignature;
}

export function matchFeatures(query: MatchSide, candidate: MatchSide, bm25Relative: number): MatchFeatures {
  const ta = new Set(query.signature.tokens);
  const tb = new Set(candidate.signature.tokens);
  const qa = splitQuantities(query.signature.quantities);
  const qb = splitQuantities(candidate.signature.quantities);
  const quantityConflict =
    setAgreement(qa.values, qb.values) === 'conflict' || dateAgreement(qa.dates, qb.dates) === 'conflict' || setAgreement(qa.years, qb.years) === 'conflict';
  const da = query.signature.direction;
  const db = candidate.signature.direction;
  const namesOnlyA = (query.signature.entities ?? []).some((e) => !hasName(tb, e));
  const namesOnlyB = (candidate.signature.entities ?? []).some((e) => !hasName(ta, e));
  return {
    bm25: Math.max(0, Math.min(1.5, bm25Relative)),
    tokens: jaccard(ta, tb),
    chars: dice(charGrams(query.text), charGrams(candidate.text)),
    quantityConflict,
    directionConflict: da !== null && db !== null && da !== db,
    nameConflict: namesOnlyA && namesOnlyB,
    negationMismatch: NEGATION_WORDS.test(query.text) !== NEGATION_WORDS.test(candidate.text),
  };
}

/** The re-ranked similarity, 0..1. */
export function matchScore(f: MatchFeatures, w: RerankWeights = RERANK_WEIGHTS): number {
  const positive = (w.bm25 * Math.min(1, f.bm25) + w.tokens * f.tokens + w.chars * f.chars) / (w.bm25 + w.tokens + w.chars);
  const conflicts = Number(f.quantityConflict) + Number(f.directionConflict) + Number(f.nameConflict);
  const s = positive - w.conflict * conflicts - w.negation * Number(f.negationMismatch);
  return Math.max(0, Math.min(1, s));
}

/**
 * When the fact-check came out, against when the claim appeared. A fact-check is written days after the claim it
 * checks: on the CheckThat! 2022 Task 2A train tweets, of the 912 true fact-checks among the re-ranker's top 10,
 * 504 were published 0-3 days after the tweet, against 148 of the 8,790 other candidates there (those tweets include
 * 2020 Task 2's dev tweets, so the settings below were chosen on 2020 train alone). So
 * a verdict dated from `before` days before to `after` days after the claim's appearance scores 1, falling linearly
 * to 0 `fade` days further out; an earlier claim counts by the distance between the two appearances, either way.
 * Never below 0: an old fact-check of a claim that resurfaces is not pushed down, only a timely one pulled up.
 * Window and weight chosen by `npm run eval:matching -- --grid` on CheckThat! 2020 Task 2 train against the
 * `2020-described` collection (every fact-check dated): weight 0.1 led at every window (MAP@5 0.895 without dates,
 * 0.937-0.938 for the best eight windows: flat); README's matching section has the dev figures.
 */
export interface DateProximity {
  before: number;
  after: number;
  fade: number;
  weight: number;
}
export const DATE_PROXIMITY: Readonly<DateProximity> = { before: 1, after: 7, fade: 10, weight: 0.1 };

const DAY_MS = 86_400_000;
const dayOf = (date: string): number | undefined => {
  const t = Date.parse(date.slice(0, 10));
  return Number.isFinite(t) ? Math.round(t / DAY_MS) : undefined;
};

/** 0..1: how timely `candidateDate` (a verdict's publication, or an earlier claim's appearance) is for a claim that appeared on `claimDate`. 0 when either is unknown. */
export function dateProximity(
  claimDate: string | undefined,
  candidateDate: string | undefined,
  kind: DuplicateKind,
  p: Readonly<DateProximity> = DATE_PROXIMITY,
): number {
  if (claimDate === undefined || candidateDate === undefined) return 0;
  const a = dayOf(claimDate);
  const b = dayOf(candidateDate);
  if (a === undefined || b === undefined) return 0;
  const days = kind === 'claim' ? Math.abs(b - a) : b - a;
  const outside = days > p.after ? days - p.after : days < -p.before ? -p.before - days : 0;
  return Math.max(0, 1 - outside / p.fade);
}

/** The order matches are served in: the similarity, plus a timely candidate's DATE_PROXIMITY weight. The similarity alone decides duplicate or related. */
export function matchRank(similarity: number, proximity: number, weight: number = DATE_PROXIMITY.weight): number {
  return similarity + weight * proximity;
}

export type MatchRelation = 'duplicate' | 'related' | 'unrelated';

/** Same claim, same subject with a different assertion, or neither. */
export function matchRelation(f: MatchFeatures, score: number, t: { duplicate: number; related: number } = MATCH_THRESHOLDS): MatchRelation {
  const contradicts = f.quantityConflict || f.directionConflict || f.nameConflict || f.negationMismatch;
  if (score >= t.duplicate && !contradicts) return 'duplicate';
  if (score >= t.related || (contradicts && f.bm25 >= t.related)) return 'related';
  return 'unrelated';
}
