/**
 * The archive verdicts a statement's similar-claim lookup finds, as the archive evidence provider ranks them. Triage
 * makes the lookup anyway (for duplicates): it takes RERANK_DEPTH candidates, decides on them, and hands these
 * matches to source gathering (ClaimQuery.archiveMatches), so the provider does not look the statement up a second
 * time.
 */
import { classifyCandidates, type DuplicateCandidate } from './index.ts';
import type { ClaimSignature, DuplicateMatch } from './types.ts';

/**
 * The verdicts among `candidates` at least related to the statement (the claim itself excluded). The provider keeps
 * those near the best by similarity (relevantArchiveMatches) and source gathering ranks all evidence together, so no
 * date enters here.
 */
export function archiveVerdictMatches(text: string, signature: ClaimSignature, candidates: readonly DuplicateCandidate[], claimId: string): DuplicateMatch[] {
  const verdicts = candidates.filter((c) => c.kind === 'verdict' && c.claimId !== claimId);
  const { duplicates, related } = classifyCandidates(text, signature, verdicts);
  return [...duplicates, ...related];
}
