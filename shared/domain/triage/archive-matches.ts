/**
 * The archive verdicts a statement's similar-claim lookup finds, as the archive evidence provider ranks them. Triage
 * makes the lookup anyway (for duplicates): it takes ARCHIVE_LOOKUP_DEPTH candidates, decides on its own first
 * TRIAGE_LOOKUP_DEPTH (the index ranks them the same either way), and hands these matches to source gathering
 * (ClaimQuery.archiveMatches), so the provider does not look the statement up a second time.
 */
import { classifyCandidates, type DuplicateCandidate } from './index.ts';
import type { ClaimSignature, DuplicateMatch } from './types.ts';

/** Candidates the archive provider weighs (only verdicts among them count). */
export const ARCHIVE_LOOKUP_DEPTH = 30;
/** Candidates triage decides on. */
export const TRIAGE_LOOKUP_DEPTH = 25;

/** The verdicts among `candidates` at least related to the statement (the claim itself excluded), best first. */
export function archiveVerdictMatches(text: string, signature: ClaimSignature, candidates: readonly DuplicateCandidate[], claimId: string): DuplicateMatch[] {
  const verdicts = candidates.filter((c) => c.kind === 'verdict' && c.claimId !== claimId);
  const { duplicates, related } = classifyCandidates(text, signature, verdicts);
  return [...duplicates, ...related];
}
