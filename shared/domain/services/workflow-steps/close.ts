/** The CloseClaim state (rejected, review expired, failed). */
import { DomainError } from '../../errors.ts';
import { claimLifecycle } from '../../claim.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from '../context.ts';
import type { CloseOutcome } from '../../../contracts/index.ts';

export type { CloseOutcome };

export async function closeStep(s: Services, claimId: string, outcome: CloseOutcome, reason: string): Promise<{ status: string }> {
  const claim = await s.claims.get(claimId);
  if (!claim) return { status: 'missing' };
  const transition = outcome === 'rejected' ? 'review_rejected' : outcome === 'review_expired' ? 'review_expired' : 'workflow_failed';
  const review = await s.reviews.currentForClaim(claimId);
  if (review && outcome === 'review_expired') await s.reviews.setStatus(review.id, 'expired');
  // The claim's review summary follows the review: an expired review no longer reads "open".
  const summary =
    outcome === 'review_expired' && claim.review?.reviewId === review?.id && claim.review ? { review: { ...claim.review, status: 'expired' as const } } : {};
  try {
    await s.claims.transition(claim, transition, { closedReason: reason, ...summary }, trailEvent(s, claimId, `claim.${outcome}`, WORKFLOW_ACTOR, { reason }));
    return { status: claimLifecycle[transition].to };
  } catch (err) {
    // Already closed (withdrawn while a step ran, say): the trail already says why.
    if (err instanceof DomainError && err.kind === 'conflict') return { status: claim.status };
    throw err;
  }
}
