/**
 * What every workflow step's contract shares (the step contracts are one module each, step-<function>.ts, so
 * that a function's bundle builds only its own schemas; shared/contracts/workflow-steps.ts gathers them).
 */
import * as z from 'zod';
import { duplicateMatch } from './triage.ts';

export const claimId = z.string().min(1);

/**
 * What source gathering needs of a claim, as Triage answers it for the steps after it in the same round:
 * the statement providers are queried with and evidence is ranked against (normalized by triage), its
 * language, the claimant, and the claim's creation time (its listing buckets, for RecordEvidence's move).
 * Carrying it saves each GatherFromProvider and RecordEvidence a read of the claim.
 */
export const claimQuery = z.object({
  statement: z.string(),
  language: z.string().min(1),
  claimantName: z.string(),
  createdAt: z.string().min(1),
  /**
   * The published verdicts triage's similar-claim lookup found at least related to the statement (this claim
   * excluded), re-ranked: the archive evidence provider takes them instead of looking the statement up again.
   * Absent when triage did not look (a later round, a re-run): the provider then looks itself.
   */
  archiveMatches: z.array(duplicateMatch).optional(),
});
export type ClaimQuery = z.infer<typeof claimQuery>;
/**
 * The steps' `claim` field: null (or absent) when the round had no Triage (a round after a request for
 * changes, or a Triage deployed before it answered one); then the step reads the claim itself.
 */
export const carriedClaim = claimQuery.nullish();
