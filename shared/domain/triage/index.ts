/**
 * Triage of a submitted claim: normalize, detect the language, score check-worthiness, verify duplicate candidates
 * and decide the outcome. Pure: candidates are fetched by the caller (the LSH index adapter), nothing here does I/O.
 */
import { dateProximity, MATCH_THRESHOLDS, matchFeatures, matchRank, matchRelation, matchScore } from '../matching/rerank.ts';
import { scoreCheckWorthiness } from './check-worthiness.ts';
import { claimSignature } from './claim-signature.ts';
import { detectLanguage } from './language.ts';
import { normalizeStatement } from './normalize.ts';
import type { ClaimSignature, DuplicateKind, DuplicateMatch, TriagePriority, TriageResult, TriageThresholds } from './types.ts';

export * from './types.ts';
export { normalizeStatement } from './normalize.ts';
export { detectLanguage, isKnownLanguageCode, ISO_639_1_CODES } from './language.ts';
export {
  type CheckWorthinessContext,
  type CheckWorthinessModels,
  installCheckWorthinessModels,
  modelFor,
  scoreCheckWorthiness,
  scoreWithModel,
  setCheckWorthinessModelLoader,
} from './check-worthiness.ts';
export { scoreTranscript, scoreTranscriptWith, type TranscriptSentence } from './transcript.ts';
export { claimSignature, matchSimilarity, LSH_BANDS, LSH_ROWS, RULE_DUPLICATE_THRESHOLD } from './claim-signature.ts';
export { MATCH_THRESHOLDS } from '../matching/rerank.ts';

export interface TriageInput {
  statement: string;
  /** ISO 639-1 code given by the submitter; detected from the text when absent or not a known code. */
  language?: string;
  /** When the claim first appeared (ISO date or date-time): orders timely fact-checks first (classifyCandidates). */
  date?: string;
}

export interface DuplicateCandidate {
  kind: DuplicateKind;
  claimId: string;
  signature: ClaimSignature;
  /** The statement as indexed, for the re-ranker's character features. */
  text?: string;
  /** BM25 relative to the query's self score, from the index (see SimilarClaimIndex.candidates). */
  retrieval?: number;
  /** When the entry dates from (IndexedClaim.date). */
  date?: string;
}

/** Earlier claims and verdicts matched against a statement: the same claim, or the same subject. */
export interface Matches {
  duplicates: DuplicateMatch[];
  related: DuplicateMatch[];
}

/**
 * Re-ranks candidates (see matching/rerank.ts) and sorts them into duplicates (the same claim: no conflicting
 * quantity, direction, name or negation, and a similarity at or above `threshold`) and related claims (the same
 * subject, a different or contradicting assertion), best first: by similarity, a timely candidate (one dated
 * within days of `date`, when the claim appeared: dateProximity) ahead of an equally similar one.
 */
export function classifyCandidates(
  text: string,
  signature: ClaimSignature,
  candidates: readonly DuplicateCandidate[],
  threshold: number = MATCH_THRESHOLDS.duplicate,
  date?: string,
): Matches {
  const duplicates: DuplicateMatch[] = [];
  const related: DuplicateMatch[] = [];
  const rank = new Map<DuplicateMatch, number>();
  for (const c of candidates) {
    // Without a retrieval score (a candidate handed over directly) the token features stand in for BM25.
    const f = matchFeatures({ text, signature }, { text: c.text ?? '', signature: c.signature }, c.retrieval ?? 1);
    if (c.retrieval === undefined) f.bm25 = f.tokens;
    const exact = c.signature.fingerprint === signature.fingerprint && signature.tokens.length > 0;
    const similarity = exact ? 1 : Number(matchScore(f).toFixed(4));
    const relation = exact ? 'duplicate' : matchRelation(f, similarity, { duplicate: threshold, related: MATCH_THRESHOLDS.related });
    if (relation === 'unrelated') continue;
    const match: DuplicateMatch = { kind: c.kind, claimId: c.claimId, similarity };
    rank.set(match, matchRank(similarity, dateProximity(date, c.date, c.kind)));
    (relation === 'duplicate' ? duplicates : related).push(match);
  }
  const order = (a: DuplicateMatch, b: DuplicateMatch) =>
    (rank.get(b) ?? 0) - (rank.get(a) ?? 0) || KIND_RANK[b.kind] - KIND_RANK[a.kind] || (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0);
  return { duplicates: duplicates.sort(order), related: related.sort(order) };
}

const KIND_RANK: Record<DuplicateKind, number> = { verdict: 1, claim: 0 };

/**
 * Verify candidates and return the best duplicate at or above `threshold`: highest similarity first; at equal
 * similarity a published verdict beats an earlier claim; then the smaller claim id, so the choice is deterministic.
 */
export function bestDuplicate(signature: ClaimSignature, candidates: readonly DuplicateCandidate[], threshold: number, text = ''): DuplicateMatch | null {
  return classifyCandidates(text, signature, candidates, threshold).duplicates[0] ?? null;
}

/** What triage learns from the statement alone: the costly part (the check-worthiness model), done once per claim. */
export interface StatementAssessment {
  normalizedStatement: string;
  language: TriageResult['language'];
  checkWorthiness: TriageResult['checkWorthiness'];
  signature: ClaimSignature;
  /** When the claim first appeared (TriageInput.date). */
  date?: string;
}

export function assessStatement(input: TriageInput): StatementAssessment {
  const normalizedStatement = normalizeStatement(input.statement);
  const language = detectLanguage(normalizedStatement, input.language);
  const checkWorthiness = scoreCheckWorthiness(normalizedStatement, language.code);
  return {
    normalizedStatement,
    language,
    checkWorthiness,
    signature: claimSignature(normalizedStatement, language.code),
    ...(input.date !== undefined ? { date: input.date } : {}),
  };
}

/**
 * Triage one claim: `assessStatement` then `decideTriage`. A caller that must decide more than once (the
 * workflow's triage step, which fetches candidates with the signature and may drop one) assesses once and
 * decides again, so the statement is scored once.
 */
export function triageClaim(
  input: TriageInput,
  candidates: readonly DuplicateCandidate[],
  thresholds: TriageThresholds,
): TriageResult & { signature: ClaimSignature } {
  return decideTriage(assessStatement(input), candidates, thresholds);
}

/**
 * The outcome for an assessed statement and its duplicate candidates.
 *
 * Outcome precedence: a duplicate wins over "not check-worthy". A verified duplicate links the new submission to
 * work that already exists (a published verdict to point to, or an earlier claim already in the workflow), which
 * is the more useful answer for the submitter and keeps one trail per claim; whether the statement is worth
 * checking was already settled for the original. Otherwise a score below `thresholds.checkWorthy` closes the claim
 * as not check-worthy, and everything else continues.
 */
export function decideTriage(
  assessment: StatementAssessment,
  candidates: readonly DuplicateCandidate[],
  thresholds: TriageThresholds,
): TriageResult & { signature: ClaimSignature } {
  const { normalizedStatement, language, checkWorthiness, signature } = assessment;
  const matches = classifyCandidates(normalizedStatement, signature, candidates, thresholds.duplicate, assessment.date);
  const duplicateOf = matches.duplicates[0] ?? null;
  const related = matches.related.slice(0, 5);

  const priority: TriagePriority = checkWorthiness.score < thresholds.checkWorthy ? 'low' : 'normal';
  const base = { normalizedStatement, language, checkWorthiness, duplicateOf, related, signature, priority };
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
  const because = top !== undefined ? `; strongest signal: ${top.description}` : '';
  // A score alone closes nothing unless the operator opted in (autoCloseNotCheckWorthy, off by default).
  if (score < thresholds.checkWorthy && thresholds.autoCloseNotCheckWorthy === true) {
    return {
      ...base,
      outcome: 'not_check_worthy',
      outcomeReason:
        `Check-worthiness ${score.toFixed(2)} is below the threshold ${thresholds.checkWorthy.toFixed(2)}${because}; ` +
        'closed automatically because the operator enabled auto-close.',
    };
  }
  if (score < thresholds.checkWorthy) {
    return {
      ...base,
      outcome: 'continue',
      outcomeReason:
        `Check-worthiness ${score.toFixed(2)} is below the threshold ${thresholds.checkWorthy.toFixed(2)}${because}; ` +
        'continues with priority low for a person to decide.',
    };
  }
  return {
    ...base,
    outcome: 'continue',
    outcomeReason:
      `Check-worthiness ${score.toFixed(2)} meets the threshold ${thresholds.checkWorthy.toFixed(2)} and no earlier ` + `claim or verdict matches${because}.`,
  };
}
