/** Rule-based similarity of two claim signatures (the old verifier, now one feature of the re-ranker). */
import { dateAgreement, setAgreement, splitQuantities } from './agreement.ts';
import type { ClaimSignature } from './types.ts';

/** Similarity multipliers applied by `matchSimilarity` when the claims disagree or only partly agree. */
/** The rule score's own duplicate threshold, from when it decided alone (the re-ranker's is MATCH_THRESHOLDS). */
export const RULE_DUPLICATE_THRESHOLD = 0.8;

const CONFLICT_CAP = 0.3;
const PARTIAL_QUANTITY_FACTOR = 0.9;
const ONE_SIDED_DIRECTION_FACTOR = 0.9;
const NEGATION_MISMATCH_FACTOR = 0.5;

const SOFT_MATCH_WEIGHT = 0.9;
const WORD_TOKEN = /^[\p{L}]{4,}$/u;

/**
 * Size of the intersection of two token sets, where a word that is a prefix of an unmatched word on the other side
 * ('appli' / 'application', 'donat' / 'donation') counts SOFT_MATCH_WEIGHT: the stemmer does not strip derivational
 * suffixes. Each token is paired at most once.
 */
function softIntersection(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  const restA: string[] = [];
  for (const t of a) {
    if (b.has(t)) inter++;
    else if (WORD_TOKEN.test(t)) restA.push(t);
  }
  const restB = [...b].filter((t) => !a.has(t) && WORD_TOKEN.test(t));
  for (const x of restA) {
    const k = restB.findIndex((y) => y.startsWith(x) || x.startsWith(y));
    if (k >= 0) {
      inter += SOFT_MATCH_WEIGHT;
      restB.splice(k, 1);
    }
  }
  return inter;
}

/**
 * Similarity of two claims in 0..1, for verifying LSH candidates.
 *
 * Base: the mean of Jaccard and overlap coefficient of the canonical token sets (the overlap term tolerates a
 * rewording that adds a source or a clause). Then agreement is required:
 * - quantities (numbers, percentages, money) and dates: if each side asserts one the other lacks (3.9% vs 4.2%,
 *   March vs April, 2023 vs 2024), the claims differ and the similarity is capped at 0.3; if one side only omits
 *   some, a small penalty applies;
 * - direction: 'up' vs 'down' caps at 0.3; a direction on one side only is a small penalty;
 * - negation on one side only ('did not fall') halves the similarity;
 * - names: if each side names someone or something the other does not mention, the similarity is capped at 0.3.
 */
export function matchSimilarity(a: ClaimSignature, b: ClaimSignature): number {
  const setA = new Set(a.tokens);
  const setB = new Set(b.tokens);
  if (setA.size === 0 || setB.size === 0) return 0;
  let similarity: number;
  if (a.fingerprint === b.fingerprint) similarity = 1;
  else {
    const inter = softIntersection(setA, setB);
    const union = setA.size + setB.size - inter;
    similarity = 0.5 * (inter / union) + 0.5 * (inter / Math.min(setA.size, setB.size));
  }

  const qa = splitQuantities(a.quantities);
  const qb = splitQuantities(b.quantities);
  const agreements = [setAgreement(qa.values, qb.values), dateAgreement(qa.dates, qb.dates)];
  // Years of month dates: a year given on only one side is fine ('in March' vs 'in March 2024'); different years
  // are not.
  if (setAgreement(qa.years, qb.years) === 'conflict') agreements.push('conflict');

  let conflict = agreements.includes('conflict');
  for (const agreement of agreements) if (agreement === 'partial') similarity *= PARTIAL_QUANTITY_FACTOR;

  if (a.direction !== null && b.direction !== null && a.direction !== b.direction) conflict = true;
  else if ((a.direction === null) !== (b.direction === null)) similarity *= ONE_SIDED_DIRECTION_FACTOR;

  if (setA.has('not') !== setB.has('not')) similarity *= NEGATION_MISMATCH_FACTOR;

  // Names substituted on both sides ('Ireland's ...' vs 'Portugal's ...') make different claims.
  const namesOnlyA = (a.entities ?? []).some((e) => !setB.has(e));
  const namesOnlyB = (b.entities ?? []).some((e) => !setA.has(e));
  if (namesOnlyA && namesOnlyB) conflict = true;

  if (conflict) similarity = Math.min(similarity, CONFLICT_CAP);
  return Math.max(0, Math.min(1, similarity));
}
