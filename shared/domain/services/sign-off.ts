/**
 * Reviewer decisions arriving by signed webhook: who may decide, how a decision applies, and how the
 * waiting workflow is resumed. Signature checks happen before this (in the API); replays are recognised
 * here by the message id.
 */
import { DomainError } from '../errors.ts';
import type { PrincipalRepository } from '../principals.ts';
import { assertMaySpeakFor, credentialLabel, type DecisionCredential } from '../reviewer-integrations.ts';
import { applyDecision, countedApprovals, type Review, type ReviewDecision, type SettledDecision } from '../review.ts';
import { trailEvent, type Services } from './context.ts';
import { settleCorrection } from './corrections.ts';
import type { Claim } from '../claim.ts';
import type { DecisionResultKind } from '../../contracts/index.ts';

/**
 * A reviewer's decision as it arrives: the decision itself, for which review, and how its sender was
 * verified; `messageId` is the webhook-id (or, on the reviewer-key route, derived from review and reviewer).
 */
export type DecisionMessage = Omit<ReviewDecision, 'at' | 'via'> & { reviewId: string; credential: DecisionCredential };

export interface DecisionOutcome {
  reviewId: string;
  claimId: string;
  /** 'recorded': counted, waiting for more approvals; 'settled': the workflow resumes; 'replay': seen before. */
  result: DecisionResultKind;
  approvals: number;
  approvalsRequired: number;
}

/** Messages are remembered for longer than the signature timestamp tolerance (5 minutes). */
const REPLAY_WINDOW_SECONDS = 7 * 24 * 3600;

export async function decideReview(s: Services, principals: PrincipalRepository, message: DecisionMessage): Promise<DecisionOutcome> {
  assertMaySpeakFor(message.credential, message.reviewerId);
  const reviewer = await principals.get(message.reviewerId);
  if (!reviewer || reviewer.revoked || (reviewer.role !== 'reviewer' && reviewer.role !== 'admin')) {
    throw new DomainError('forbidden', 'the named reviewer is not a registered reviewer allowed to decide');
  }

  for (let attempt = 0; attempt < 5; attempt++) {
    // The review and its task token in one read: a decision that settles the review resumes the workflow with it.
    const read = await s.reviews.getWithToken(message.reviewId);
    if (!read) throw new DomainError('not_found', 'review not found');
    const { review, taskToken } = read;

    // A message recorded for this review added its reviewer's decision in the same write, so an open review
    // without a decision from this reviewer has not seen it: no lookup (saveDecision's condition on the
    // message id still recognises one recorded for another review).
    const unseen = review.status === 'open' && !review.decisions.some((d) => d.reviewerId === message.reviewerId);
    const seenFor = unseen ? null : await s.reviews.messageReview(message.messageId);
    if (seenFor) return seenFor === review.id ? replayed(s, review) : reusedMessage(message.messageId);
    if (review.status === 'cancelled' && (await s.claims.get(review.claimId))?.status === 'withdrawn') {
      return refuseOnWithdrawnClaim(s, review, 'not recorded');
    }
    // Closed (409) and expired (410) reviews are refused by applyDecision; the round limit concerns open ones.
    // The limit is the one captured at submission (recorded on the review), the one the workflow counts against.
    const maxRounds = review.maxRounds ?? s.settings.reviewPolicy.maxRounds;
    if (review.status === 'open' && message.decision === 'request_changes' && review.round >= maxRounds) {
      throw new DomainError('conflict', `this is the last review round (${review.round} of ${maxRounds}); approve or reject`);
    }
    if (review.status === 'open' && Date.parse(review.deadline) < s.clock.now().getTime() && review.escalated) {
      throw new DomainError('gone', 'this review has passed its final deadline');
    }

    const { review: updated, settled } = applyDecision(
      review,
      { ...decisionOf(message), at: s.clock.now().toISOString() },
      s.settings.ratingScale,
      s.clock.now(),
    );

    const approvals = countedApprovals(updated.decisions);
    const saved = await s.reviews.saveDecision(updated, review.decisions.length, message.messageId, REPLAY_WINDOW_SECONDS, {
      review: {
        reviewId: review.id,
        round: review.round,
        status: updated.status === 'open' && review.escalated ? 'escalated' : updated.status,
        requestedAt: review.requestedAt,
        approvals,
        approvalsRequired: review.approvalsRequired,
        ...(review.delivery ? { delivery: review.delivery } : {}),
      },
      event: trailEvent(s, review.claimId, `review.${message.decision}`, `reviewer:${message.reviewerId}`, {
        reviewId: review.id,
        round: review.round,
        via: credentialLabel(message.credential),
        ...(message.rating ? { rating: message.rating } : {}),
        ...(message.reason ? { reason: message.reason } : {}),
        ...(message.notes ? { notes: message.notes } : {}),
      }),
    });
    if (saved === 'replay') {
      if ((await s.reviews.messageReview(message.messageId)) !== review.id) reusedMessage(message.messageId);
      return replayed(s, (await s.reviews.get(review.id)) ?? review);
    }
    if (saved === 'conflict') continue; // another decision landed first: re-read and re-apply the rules
    if (saved === 'claim_withdrawn') return refuseOnWithdrawnClaim(s, review, 'not recorded');

    if (settled) await resumeWorkflow(s, updated, settled, taskToken);
    return { reviewId: review.id, claimId: review.claimId, result: settled ? 'settled' : 'recorded', approvals, approvalsRequired: review.approvalsRequired };
  }
  throw new DomainError('unavailable', 'too many concurrent decisions on this review; retry');
}

/** Review statuses that carry a settled decision the workflow must be told. */
const SETTLED_STATUSES: ReadonlySet<Review['status']> = new Set(['approved', 'rejected', 'changes_requested']);

/**
 * The decision a settled review hands the workflow, rebuilt from its recorded decisions (for replays and
 * for the escalation step); null when the review is not settled by a decision.
 */
export function settledDecisionOf(review: Review): SettledDecision | null {
  if (!SETTLED_STATUSES.has(review.status)) return null;
  const reviewers = review.decisions.map((d) => d.reviewerId);
  const last = review.decisions[review.decisions.length - 1];
  if (!last) return null;
  switch (review.status) {
    case 'approved':
      return { decision: 'approve', rating: last.rating ?? '', summary: last.summary ?? '', reviewers };
    case 'rejected':
      return { decision: 'reject', reason: last.reason ?? '', reviewers };
    default:
      return { decision: 'request_changes', notes: last.notes ?? '', reviewers };
  }
}

/**
 * Resumes the waiting workflow with the settled decision. Step Functions' TaskTimedOut, TaskDoesNotExist
 * and InvalidToken arrive as DomainError('gone') (410). One case is not an error: the first deadline
 * passed a moment ago and the escalation step, which starts at once, has not yet taken a fresh token. The
 * decision is already stored, and the escalation step resumes the workflow with it (escalateReviewStep).
 */
async function resumeWorkflow(s: Services, review: Review, settled: SettledDecision, readToken?: string | null): Promise<void> {
  // A correction has no execution waiting: settling it publishes the correction (services/corrections.ts).
  if (review.kind === 'correction') return settleCorrection(s, review, settled);
  const token = readToken ?? (await s.reviews.taskToken(review.id));
  if (!token) throw new DomainError('gone', 'this review is no longer waiting for a decision');
  try {
    await completeWithCurrentToken(s, review, settled, token, readToken !== undefined);
  } catch (err) {
    if (!(err instanceof DomainError && err.kind === 'gone')) throw err;
    const current = await s.reviews.get(review.id);
    if (current?.workflowResumedAt) return; // the escalation step already handed it on
    const claim = await s.claims.get(review.claimId);
    // The execution was stopped: by a withdrawal that overtook this decision, the answer says so.
    if (claim?.status === 'withdrawn') return refuseOnWithdrawnClaim(s, review, 'recorded but will not take effect');
    // The workflow already took this decision: its completion was acknowledged, then the process stopped
    // before the review was marked handed on, and the claim has moved on with it. Mark it now; a reviewer's
    // retry is then the replay it is, not a 410.
    if (claim && tookDecision(claim, review, settled)) {
      await s.reviews.markResumed(review, s.clock.now().toISOString());
      return;
    }
    if (current && !current.escalated && Date.parse(current.deadline) <= s.clock.now().getTime()) return;
    if (current?.escalated) await s.reviews.setStatus(review.id, 'expired'); // the final deadline passed
    throw err;
  }
  // Only while the claim is not withdrawn: a withdrawal stored before this point overtook the decision.
  const marked = await s.reviews.markResumed(review, s.clock.now().toISOString());
  if (marked === 'claim_withdrawn') return refuseOnWithdrawnClaim(s, review, 'recorded but will not take effect');
}

/**
 * Completes the waiting task. A token read with the review (before the decision was saved) may have been
 * replaced since by the escalation step taking a fresh one: when it is refused, the current token is read and
 * tried once, as if it had been read after the save.
 */
async function completeWithCurrentToken(s: Services, review: Review, settled: SettledDecision, token: string, readEarly: boolean): Promise<void> {
  try {
    await s.workflow.completeTask(token, { ...settled, reviewId: review.id });
  } catch (err) {
    if (!readEarly || !(err instanceof DomainError && err.kind === 'gone')) throw err;
    const current = await s.reviews.taskToken(review.id);
    if (!current || current === token) throw err;
    await s.workflow.completeTask(current, { ...settled, reviewId: review.id });
  }
}

/** Whether the claim has left this review the way the settled decision sends it. */
function tookDecision(claim: { status: string; review?: { round: number } | undefined }, review: Review, settled: SettledDecision): boolean {
  if (settled.decision === 'approve') return claim.status === 'published';
  if (settled.decision === 'reject') return claim.status === 'rejected';
  return claim.status === 'gathering_evidence' || (claim.review?.round ?? 0) > review.round;
}

/**
 * A withdrawal overtook the decision: the review is closed as cancelled, the claim's summary says so, and
 * the reviewer is told (409) what became of the decision, so that the answer matches what is stored.
 */
async function refuseOnWithdrawnClaim(s: Services, review: Review, what: 'not recorded' | 'recorded but will not take effect'): Promise<never> {
  const claim = await s.claims.get(review.claimId);
  if (claim) await closeReviewOfWithdrawnClaim(s, claim, review.id);
  throw new DomainError(
    'conflict',
    what === 'not recorded'
      ? 'the claim was withdrawn; its review is closed and this decision was not recorded'
      : 'the claim was withdrawn before this decision could take effect; it is on the trail, but nothing will be published',
  );
}

/**
 * Closes the review of a withdrawn claim: an open review, or one settled by a decision the workflow has not
 * been told, is cancelled, and the claim's review summary shows it. Safe to repeat.
 */
export async function closeReviewOfWithdrawnClaim(s: Services, claim: Claim, reviewId: string): Promise<Claim> {
  if (!(await s.reviews.cancel(reviewId)) && (await s.reviews.get(reviewId))?.status !== 'cancelled') return claim;
  if (!claim.review || claim.review.reviewId !== reviewId || claim.review.status === 'cancelled') return claim;
  await s.claims.update(claim.id, { review: { ...claim.review, status: 'cancelled' } });
  return (await s.claims.get(claim.id)) ?? claim;
}

/**
 * A message seen before. If its review settled but the workflow was not confirmed resumed (the process
 * died, or Step Functions was briefly unavailable), resume it now: the reviewer's retry repairs it.
 */
async function replayed(s: Services, review: Review): Promise<DecisionOutcome> {
  if (review.status === 'cancelled' && (await s.claims.get(review.claimId))?.status === 'withdrawn') {
    return refuseOnWithdrawnClaim(s, review, 'recorded but will not take effect');
  }
  const approvals = countedApprovals(review.decisions);
  // Only a review settled by decisions resumes; an expired or cancelled one has nothing to hand on.
  const settled = review.workflowResumedAt ? null : settledDecisionOf(review);
  if (settled) await resumeWorkflow(s, review, settled);
  return { reviewId: review.id, claimId: review.claimId, result: 'replay', approvals, approvalsRequired: review.approvalsRequired };
}

/**
 * A webhook-id already recorded for another review: not a replay of this decision, and not to be dropped
 * silently either (webhook-id is the message's idempotency key, so each message needs its own).
 */
function reusedMessage(messageId: string): never {
  throw new DomainError('conflict', `webhook-id "${messageId}" was already used for another review's decision; send this decision with a new webhook-id`);
}

function decisionOf(message: DecisionMessage): Omit<ReviewDecision, 'at'> {
  const { reviewId: _reviewId, credential, ...decision } = message;
  return { ...decision, via: credentialLabel(credential) };
}
