/** Review contracts: decisions, review statuses and kinds. */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';

export const decisionKind = z.enum(['approve', 'reject', 'request_changes']);
export type DecisionKind = z.infer<typeof decisionKind>;

export const reviewStatus = z.enum(['open', 'approved', 'rejected', 'changes_requested', 'expired', 'cancelled']);
export type ReviewStatus = z.infer<typeof reviewStatus>;

/** A review as summarized on its claim: its status, or `escalated` once the first deadline passed. */
export const reviewSummaryStatus = z.enum([...reviewStatus.options, 'escalated']);
export type ReviewSummaryStatus = z.infer<typeof reviewSummaryStatus>;

/** What a review decides: a claim's first verdict or a correction of it. */
export const reviewKind = z.enum(['verdict', 'correction']);
export type ReviewKind = z.infer<typeof reviewKind>;

/** What became of a decision sent to the API. */
export const decisionResultKind = z.enum(['recorded', 'settled', 'replay']);
export type DecisionResultKind = z.infer<typeof decisionResultKind>;

/**
 * Where a review request's delivery stands: `delivered`; `retrying` (failed so far, the next attempt is
 * scheduled with backoff); `failed` (every retry spent: an alarm fires, an admin may resend); `stopped`
 * (the review closed before it could be delivered).
 */
export const reviewDeliveryState = z.enum(['delivered', 'retrying', 'failed', 'stopped']);
export type ReviewDeliveryState = z.infer<typeof reviewDeliveryState>;

export const reviewDelivery = z.object({
  state: reviewDeliveryState,
  /** HTTP attempts made so far, over every try. */
  attempts: z.number().int().min(0),
  /** Scheduled retries spent so far (each one a short burst of attempts). */
  retries: z.number().int().min(0),
  lastAttemptAt: z.string(),
  nextAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type ReviewDelivery = RecordOf<typeof reviewDelivery>;

/** One reviewer's decision, as recorded on the review. */
export const reviewDecision = z.object({
  /** The webhook-id of the signed message that carried it (idempotency key). */
  messageId: z.string(),
  reviewerId: z.string(),
  decision: decisionKind,
  /** Rating id from the scale (approve only). */
  rating: z.string().optional(),
  summary: z.string().optional(),
  reason: z.string().optional(),
  notes: z.string().optional(),
  at: z.string(),
  /**
   * How the author was verified: `reviewer-key` (their own API key), `integration:<id>` (an integration
   * registered to speak for them) or `shared-secret` (the deployment-wide decision secret, which proves
   * no one's identity). Absent on decisions recorded before it was.
   */
  via: z.string().optional(),
});
export type ReviewDecision = RecordOf<typeof reviewDecision>;

/** A correction of a published verdict, as proposed by a reviewer or admin (see domain/services/corrections.ts). */
export const correctionProposal = z.object({
  /** The verdict version being corrected; the correction publishes baseVersion + 1. */
  baseVersion: z.number().int(),
  rating: z.string(),
  summary: z.string(),
  note: z.string(),
  proposedBy: z.string(),
});
export type CorrectionProposal = RecordOf<typeof correctionProposal>;
/** What a reviewer or admin sends to propose a correction (the API's CorrectionProposal adds the input rules). */
export const correctionRequest = correctionProposal.pick({ rating: true, summary: true, note: true });
export type CorrectionInput = RecordOf<typeof correctionRequest>;

export const reviewRecord = z.object({
  id: z.string(),
  claimId: z.string(),
  round: z.number().int(),
  status: reviewStatus,
  approvalsRequired: z.number().int(),
  /** Principal id of the claim's submitter: never an approver (of its first verdict nor of a correction). */
  submittedBy: z.string(),
  decisions: z.array(reviewDecision),
  requestedAt: z.string(),
  /** ISO timestamp after which the review escalates or expires. */
  deadline: z.string(),
  escalated: z.boolean(),
  /**
   * Review rounds the claim may have, from the policy captured when it was submitted (the execution input):
   * the limit sign-off enforces is the one the state machine counts against. Absent on reviews opened
   * before it was recorded; those fall back to the configured policy.
   */
  maxRounds: z.number().int().optional(),
  /** Set once the workflow has been told the settled decision. */
  workflowResumedAt: z.string().optional(),
  /** What the review decides: a claim's first verdict (absent or 'verdict') or a correction of it. */
  kind: reviewKind.optional(),
  /** The proposed correction, on reviews of kind 'correction'. */
  correction: correctionProposal.optional(),
  /** The notes of the request for changes this round answers (sent with the review request, and with each resend). */
  changesRequested: z.string().optional(),
  /** Where the review request's delivery stands; absent before it was first sent. */
  delivery: reviewDelivery.optional(),
});
export type Review = RecordOf<typeof reviewRecord>;

/** The review policy: quorum, rounds and deadlines (configured by REVIEW_* and HIGH_PRIORITY_QUORUM, shared/config.ts). */
export const reviewPolicy = z.object({
  /** Approvals needed for high-priority claims. */
  highPriorityQuorum: z.number().int().positive(),
  /** Most request-changes rounds before a claim must be approved or rejected. */
  maxRounds: z.number().int().positive(),
  /** Seconds a reviewer has before escalation. */
  deadlineSeconds: z.number().int().positive(),
  /** Seconds after escalation before the review expires. */
  escalationSeconds: z.number().int().positive(),
});
export type ReviewPolicy = RecordOf<typeof reviewPolicy>;

/** The review policy when REVIEW_* and HIGH_PRIORITY_QUORUM are not set: its one source. */
export const defaultReviewPolicy: ReviewPolicy = {
  highPriorityQuorum: 2,
  maxRounds: 3,
  deadlineSeconds: 48 * 3600,
  escalationSeconds: 24 * 3600,
};

/** The part of the review policy an execution carries in its input (captured at submission). */
export const capturedReviewPolicy = reviewPolicy
  .pick({ maxRounds: true, highPriorityQuorum: true, escalationSeconds: true })
  .partial({ highPriorityQuorum: true, escalationSeconds: true });
export type CapturedReviewPolicy = RecordOf<typeof capturedReviewPolicy>;
