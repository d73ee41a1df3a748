/**
 * A published verdict. Versions are immutable: a correction writes version n+1 and the earlier versions
 * stay readable.
 */
import type { Appearance, Claimant } from './claim.ts';
import type { EvidenceRecord } from './evidence.ts';
import type { RatingLabel } from './rating-scale.ts';
import type { PartnerEvent } from '../contracts/index.ts';

export interface Verdict {
  claimId: string;
  version: number;
  rating: RatingLabel;
  summary: string;
  /** Evidence the reviewers cite, with provenance. */
  evidence: EvidenceRecord[];
  reviewers: string[];
  publishedAt: string;
  /** Present on corrections (version > 1). */
  correctionNote?: string;
  /** The claim as reviewed, frozen with the verdict (what ClaimReview's itemReviewed describes). */
  claim: {
    statement: string;
    claimant: Claimant;
    appearances: Appearance[];
    firstAppearance: Appearance;
    language: string;
  };
}

/** A notification queued for partners in the same transaction as the publish. */
export interface PartnerNotification {
  id: string;
  type: PartnerEvent;
  claimId: string;
  version: number;
  createdAt: string;
}
