/** Verdict contracts: the published verdict as stored and served (its rating labels and scales: rating.ts). */
import * as z from 'zod';
import { appearance, claimant } from './claim-record.ts';
import { evidenceRecord } from './evidence.ts';
import type { RecordOf } from './exact-optional.ts';
import { ratingLabel } from './rating.ts';

/** The claim as reviewed, frozen with the verdict (what ClaimReview's itemReviewed describes). */
export const reviewedClaim = z.object({
  statement: z.string(),
  claimant,
  appearances: z.array(appearance),
  firstAppearance: appearance,
  language: z.string(),
});
export type ReviewedClaim = RecordOf<typeof reviewedClaim>;

/** Who published an imported verdict's fact-check, and its article. */
export const verdictSourceRecord = z.object({
  /** The outlet ("PolitiFact"). */
  publisher: z.string(),
  /** The fact-check article. */
  url: z.string(),
});
export type VerdictSource = RecordOf<typeof verdictSourceRecord>;

/** A published verdict. Versions are immutable: a correction writes version n+1. */
export const verdictRecord = z.object({
  claimId: z.string(),
  version: z.number().int(),
  rating: ratingLabel,
  summary: z.string(),
  /** Evidence the reviewers cite, with provenance. */
  evidence: z.array(evidenceRecord),
  reviewers: z.array(z.string()),
  publishedAt: z.string(),
  /** Present on corrections (version > 1). */
  correctionNote: z.string().optional(),
  /**
   * Present on a verdict imported from another outlet's archive: its JSON and ClaimReview name that outlet,
   * never this desk (domain/verdict.ts `verdictSource`).
   */
  source: verdictSourceRecord.optional(),
  claim: reviewedClaim,
});
export type Verdict = RecordOf<typeof verdictRecord>;
