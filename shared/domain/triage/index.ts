/**
 * Triage of a submitted claim: normalize, detect the language, score check-worthiness, verify duplicate candidates
 * and decide the outcome. Pure: candidates are fetched by the caller (the LSH index adapter), nothing here does I/O.
 */
import { scoreCheckWorthiness } from './check-worthiness.ts';
import { claimSignature, matchSimilarity } from './claim-signature.ts';
import { detectLanguage } from './language.ts';
import { normalizeStatement } from './normalize.ts';
import type { ClaimSignature, DuplicateKind, DuplicateMatch, TriageResult, TriageThresholds } from './types.ts';

export * from './types.ts';
export { normalizeStatement } from './normalize.ts';
export { detectLanguage, isKnownLanguageCode, ISO_639_1_CODES } from './language.ts';
export { scoreCheckWorthiness, CHECK_WORTHINESS_WEIGHTS } from './check-worthiness.ts';
export { claimSignature, matchSimilarity, LSH_BANDS, LSH_ROWS } from './claim-signature.ts';

export interface TriageInput {
  statement: string;
  /** ISO 639-1 code given by the submitter; detected from the text when absent or not a known code. */
  language?: string;
}

export interface DuplicateCandidate {
  kind: DuplicateKind;
  claimId: string;
  signature: ClaimSignature;
}

const KIND_RANK: Record<DuplicateKind, number> = { verdict: 1, claim: 0 };

/**
 * Verify candidates and return the best duplicate at or above `threshold`: highest similarity first; at equal
 * similarity a published verdict beats an earlier claim; then the smaller claim id, so the choice is deterministic.
 */
export function bestDuplicate(signature: ClaimSignature, candidates: readonly DuplicateCandidate[], threshold: number): DuplicateMatch | null {
  let best: DuplicateMatch | null = null;
  for (const candidate of candidates) {
    const similarity = Number(matchSimilarity(signature, candidate.signature).toFixed(4));
    if (similarity < threshold) continue;
    const better =
      best === null ||
      similarity > best.similarity ||
      (similarity === best.similarity &&
        (KIND_RANK[candidate.kind] > KIND_RANK[best.kind] || (candidate.kind === best.kind && candidate.claimId < best.claimId)));
    if (better) best = { kind: candidate.kind, claimId: candidate.claimId, similarity };
  }
  return best;
}

/**
 * Triage one claim.
 *
 * Outcome precedence: a duplicate wins over "not check-worthy". A verified duplicate links the new submission to
 * work that already exists (a published verdict to point to, or an earlier claim already in the workflow), which
 * is the more useful answer for the submitter and keeps one trail per claim; whether the statement is worth
 * checking was already settled for the original. Otherwise a score below `thresholds.checkWorthy` closes the claim
 * as not check-worthy, and everything else continues.
 */
export function triageClaim(
  input: TriageInput,
  candidates: readonly DuplicateCandidate[],
  thresholds: TriageThresholds,
): TriageResult & { signature: ClaimSignature } {
  const normalizedStatement = normalizeStatement(input.statement);
  const language = detectLanguage(normalizedStatement, input.language);
  const checkWorthiness = scoreCheckWorthiness(normalizedStatement, language.code);
  const signature = claimSignature(normalizedStatement);
  const duplicateOf = bestDuplicate(signature, candidates, thresholds.duplicate);

  const base = { normalizedStatement, language, checkWorthiness, duplicateOf, signature };
  if (duplicateOf !== null) {
    const what = duplicateOf.kind === 'verdict' ? 'a published verdict on claim' : 'earlier claim';
    return {
      ...base,
      outcome: 'duplicate',
      outcomeReason:
        `Matches ${what} ${duplicateOf.claimId} with similarity ${duplicateOf.similarity.toFixed(2)} ` + `(threshold ${thresholds.duplicate.toFixed(2)}).`,
    };
  }
  const score = checkWorthiness.score;
  const top = checkWorthiness.reasons.find((r) => (score < thresholds.checkWorthy ? r.weight < 0 : r.weight > 0));
  const because = top !== undefined ? `; strongest signal: it ${top.description}` : '';
  if (score < thresholds.checkWorthy) {
    return {
      ...base,
      outcome: 'not_check_worthy',
      outcomeReason: `Check-worthiness ${score.toFixed(2)} is below the threshold ${thresholds.checkWorthy.toFixed(2)}${because}.`,
    };
  }
  return {
    ...base,
    outcome: 'continue',
    outcomeReason:
      `Check-worthiness ${score.toFixed(2)} meets the threshold ${thresholds.checkWorthy.toFixed(2)} and no earlier ` + `claim or verdict matches${because}.`,
  };
}
