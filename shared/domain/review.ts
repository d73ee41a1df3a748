/**
 * Reviewer sign-off rules: quorum, four-eyes, and how decisions within a round resolve.
 *
 * Conflict resolution (documented for reviewers):
 * - Any `reject` or `request_changes` ends the round at once: one informed objection is enough to stop a
 *   publication, in line with IFCN practice. Decisions arriving after the round closed are refused (409).
 * - Approvals accumulate until the quorum (distinct reviewers) is met. An approval whose rating differs from
 *   an approval already recorded in the round is refused (409): the reviewers must agree on the rating,
 *   or one of them requests changes.
 * - The claim's submitter can never approve it (four-eyes); a reviewer counts once per round.
 * - A quorum counts distinct reviewers whose credentials were verified (`countedApprovals`): approvals
 *   signed with the shared decision secret count once together, whatever names they carry.
 * - A correction's approval approves the proposal: its content (rating, summary) is the proposal's. An
 *   approval carrying another rating or summary is refused (409): a different content is a new proposal or
 *   a request for changes. Four-eyes covers both the proposer and the claim's submitter.
 */
import type { Priority } from './claim.ts';
import { DomainError } from './errors.ts';
import { findRating, ratingIds, type RatingScale } from './rating-scale.ts';
import type { CorrectionProposal, Review, ReviewDecision, ReviewPolicy, SettledDecision } from '../contracts/index.ts';

export { defaultReviewPolicy } from '../contracts/index.ts';
export type {
  CapturedReviewPolicy,
  CorrectionProposal,
  DecisionKind,
  Review,
  ReviewDecision,
  ReviewKind,
  ReviewPolicy,
  ReviewStatus,
  // What the workflow is told once a round is settled.
  SettledDecision,
} from '../contracts/index.ts';

export function approvalsRequiredFor(priority: Priority, policy: Pick<ReviewPolicy, 'highPriorityQuorum'>): number {
  return priority === 'high' ? policy.highPriorityQuorum : 1;
}

export interface DecisionResult {
  review: Review;
  /** Present when this decision settled the round. */
  settled: SettledDecision | null;
}

/** Approvals towards the quorum: distinct verified reviewers; all shared-secret approvals count as one. */
export function countedApprovals(decisions: readonly ReviewDecision[]): number {
  return new Set(decisions.filter((d) => d.decision === 'approve').map((d) => (d.via === 'shared-secret' ? 'shared-secret' : d.reviewerId))).size;
}

/**
 * Applies one reviewer decision to an open review. Throws DomainError for decisions that must be refused;
 * returns the updated review and, when the round is settled, what the workflow should do next.
 */
export function applyDecision(review: Review, decision: ReviewDecision, scale: RatingScale, now: Date): DecisionResult {
  if (review.status === 'expired') throw new DomainError('gone', 'this review has expired');
  if (review.status !== 'open') throw new DomainError('conflict', `this review is already ${review.status}`);
  if (Date.parse(review.deadline) < now.getTime() && review.escalated) {
    throw new DomainError('gone', 'this review has passed its final deadline');
  }
  if (review.decisions.some((d) => d.reviewerId === decision.reviewerId)) {
    throw new DomainError('conflict', 'this reviewer has already decided in this round');
  }

  const decisions = [...review.decisions, decision];
  const reviewers = decisions.map((d) => d.reviewerId);

  switch (decision.decision) {
    case 'approve': {
      if (review.correction && decision.reviewerId === review.correction.proposedBy) {
        throw new DomainError('forbidden', 'four-eyes rule: you proposed this correction, so another reviewer must approve it');
      }
      if (decision.reviewerId === review.submittedBy) {
        throw new DomainError(
          'forbidden',
          review.kind === 'correction'
            ? 'four-eyes rule: you submitted this claim, so you cannot approve a correction of its verdict'
            : 'four-eyes rule: the submitter of a claim cannot approve it',
        );
      }
      if (review.correction) return applyCorrectionApproval(review, review.correction, decision, decisions, reviewers);
      if (!decision.rating) throw new DomainError('invalid', `approve needs a rating: one of ${ratingIds(scale)}`, { field: 'rating', rule: 'required' });
      if (!findRating(scale, decision.rating)) {
        throw new DomainError('invalid', `rating "${decision.rating}" is not on the configured scale: use one of ${ratingIds(scale)}`, {
          field: 'rating',
          rule: 'rating on the scale',
        });
      }
      if (!decision.summary) throw new DomainError('invalid', 'approve needs a summary', { field: 'summary' });
      const earlier = review.decisions.find((d) => d.decision === 'approve');
      if (earlier && earlier.rating !== decision.rating) {
        throw new DomainError('conflict', `rating differs from the approval already recorded (${earlier.rating}); agree on one or request changes`);
      }
      const approvals = countedApprovals(decisions);
      if (approvals < review.approvalsRequired) {
        return { review: { ...review, decisions }, settled: null };
      }
      return {
        review: { ...review, decisions, status: 'approved' },
        settled: { decision: 'approve', rating: decision.rating, summary: decision.summary, reviewers },
      };
    }
    case 'reject': {
      if (!decision.reason) throw new DomainError('invalid', 'reject needs a reason', { field: 'reason' });
      return {
        review: { ...review, decisions, status: 'rejected' },
        settled: { decision: 'reject', reason: decision.reason, reviewers },
      };
    }
    case 'request_changes': {
      if (!decision.notes) throw new DomainError('invalid', 'request_changes needs notes', { field: 'notes' });
      return {
        review: { ...review, decisions, status: 'changes_requested' },
        settled: { decision: 'request_changes', notes: decision.notes, reviewers },
      };
    }
  }
}

/**
 * An approval of a correction approves the proposal's content: a rating or summary that differs from it is
 * refused; absent, they are the proposal's. The recorded decision always carries the proposal's content.
 */
function applyCorrectionApproval(
  review: Review,
  proposal: CorrectionProposal,
  decision: ReviewDecision,
  decisions: ReviewDecision[],
  reviewers: string[],
): DecisionResult {
  if (decision.rating !== undefined && decision.rating !== proposal.rating) {
    throw new DomainError(
      'conflict',
      `an approval approves the correction as proposed (rating "${proposal.rating}"); this one carries rating "${decision.rating}": request changes, or propose a new correction`,
    );
  }
  if (decision.summary !== undefined && decision.summary !== proposal.summary) {
    throw new DomainError(
      'conflict',
      'an approval approves the correction as proposed; this one carries another summary: request changes, or propose a new correction',
    );
  }
  const approval: ReviewDecision = { ...decision, rating: proposal.rating, summary: proposal.summary };
  const recorded = [...decisions.slice(0, -1), approval];
  const approvals = countedApprovals(recorded);
  if (approvals < review.approvalsRequired) return { review: { ...review, decisions: recorded }, settled: null };
  return {
    review: { ...review, decisions: recorded, status: 'approved' },
    settled: { decision: 'approve', rating: proposal.rating, summary: proposal.summary, reviewers },
  };
}
