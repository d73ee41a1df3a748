/**
 * The claim record: what a fact-checker submits, the claim as stored and served, the summary of its current
 * review, and an entry of its trail. (A file of its own because it composes the triage, evidence and review
 * contracts, and triage.ts already imports claim.ts for the priorities.)
 */
import * as z from 'zod';
import { claimantType, claimStatus, priority } from './claim.ts';
import { evidenceRecord, providerOutcomeSummary } from './evidence.ts';
import type { RecordOf } from './exact-optional.ts';
import { reviewDelivery, reviewSummaryStatus } from './review.ts';
import { triageResult } from './triage.ts';

export const claimant = z.object({
  name: z.string(),
  /** Who made the claim: a person (the default) or an organization speaking as one (a ministry, an agency). */
  type: claimantType.optional(),
  role: z.string().optional(),
  affiliation: z.string().optional(),
});
export type Claimant = RecordOf<typeof claimant>;

export const appearance = z.object({
  url: z.string(),
  /** ISO 8601 date or date-time. */
  date: z.string(),
});
export type Appearance = RecordOf<typeof appearance>;

/** What a submitter provides (the API's ClaimSubmission adds the input rules to these fields). */
export const claimSubmission = z.object({
  statement: z.string(),
  claimant,
  appearances: z.array(appearance),
  context: z.string().optional(),
  language: z.string().optional(),
  tags: z.array(z.string()).optional(),
  priority: priority.optional(),
});
export type ClaimSubmission = RecordOf<typeof claimSubmission>;

/** The claim's current review, as summarized on the claim. */
export const reviewSummary = z.object({
  reviewId: z.string(),
  round: z.number(),
  status: reviewSummaryStatus,
  requestedAt: z.string(),
  approvals: z.number(),
  approvalsRequired: z.number(),
  /** Where the review request's delivery to the reviewers stands (shared/domain/services/review-delivery.ts). */
  delivery: reviewDelivery.optional(),
});
export type ReviewSummary = RecordOf<typeof reviewSummary>;

export const claimRecord = z.object({
  id: z.string(),
  statement: z.string(),
  claimant,
  appearances: z.array(appearance),
  context: z.string().optional(),
  /** Language given by the submitter; triage fills `triage.language` either way. */
  language: z.string().optional(),
  tags: z.array(z.string()),
  priority,
  firstAppearance: appearance,
  submittedBy: z.string(),
  status: claimStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Incremented on each write; used for optimistic locking. */
  revision: z.number().int(),
  triage: triageResult.optional(),
  evidence: z.array(evidenceRecord).optional(),
  providerOutcomes: z.array(providerOutcomeSummary).optional(),
  review: reviewSummary.optional(),
  /** Latest published verdict version, when any. */
  verdictVersion: z.number().int().optional(),
  /** Why the claim closed (for non-published terminal states). */
  closedReason: z.string().optional(),
  /** Set when the workflow has been started for this claim (for its current run). */
  workflowStartedAt: z.string().optional(),
  /** How many times the claim was re-opened (each re-opening runs the workflow again, as a new execution); absent before the first. */
  workflowRun: z.number().int().positive().optional(),
  /** When the claim was last re-opened, which is when its current run began; absent before the first re-opening (run 1 began at createdAt). */
  reopenedAt: z.string().optional(),
});
export type Claim = RecordOf<typeof claimRecord>;

/** One entry of a claim's audit trail: what happened, who did it, when. */
export const claimEvent = z.object({
  claimId: z.string(),
  /** Sortable unique id (ULID). */
  id: z.string(),
  type: z.string(),
  /** Principal id, "workflow", or "reviewer:<id>". */
  actor: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type ClaimEvent = RecordOf<typeof claimEvent>;
