/**
 * Review requests that did not get through. The first try (a short burst of attempts) happens in the
 * RequestReview step; when it fails, the review's delivery is `retrying` and the reconciler (on AWS a
 * scheduled Lambda, locally an interval) resends it with exponential backoff and jitter, bounded to
 * `reviewDelivery.maxRetries` retries (by default 12, from one minute doubling to an hour: about five to
 * seven hours in all). After the last retry the delivery is `failed`: the reconciler counts it (an alarm
 * watches that count) and an admin can resend it (`POST /admin/reviews/{reviewId}/resend`). Each resend
 * carries the same webhook-id, so the reviewer tool de-duplicates; attempt numbers continue across tries.
 */
import type { ReviewDelivery } from '../../contracts/index.ts';
import { DomainError } from '../errors.ts';
import type { DeliveryAttempt } from '../ports.ts';
import type { ClaimEvent } from '../claim.ts';
import type { Review } from '../review.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from './context.ts';
import { reviewRequestMessage } from './workflow-steps/review.ts';
import { backoffDelayMs } from '../backoff.ts';

/** The two messages a review sends; each is delivered, retried and resent the same way. */
export type ReviewMessageType = 'review.requested' | 'review.escalated';

/** The delay before retry `n` (1-based): doubling from the base, capped, with jitter (50–100% of it). */
export function retryDelayMs(s: Pick<Services, 'settings'>, retry: number, random: () => number = Math.random): number {
  const { backoffMs, maxBackoffMs } = s.settings.reviewDelivery;
  return Math.round(backoffDelayMs(retry, { baseMs: backoffMs, maxMs: maxBackoffMs, jitter: 'equal' }, random));
}

/**
 * Records one try of a review request (`attempts` as the sender numbered them, from 1): the delivery state
 * on the review and on its claim's summary, and the attempts on the trail, numbered after earlier tries.
 */
export async function recordReviewRequestDelivery(
  s: Services,
  claimId: string,
  review: Review,
  attempts: DeliveryAttempt[],
  by: string = WORKFLOW_ACTOR,
  type: ReviewMessageType = 'review.requested',
): Promise<ReviewDelivery> {
  const record = reviewRequestDelivery(s, claimId, review, attempts, by, type);
  await s.reviews.recordDelivery({ id: review.id, claimId }, record.delivery, record.event);
  return record.delivery;
}

/**
 * What recordReviewRequestDelivery writes, built once: writing it again (a retry of a write that may have
 * landed) gives the same state and the same trail event, not a second one.
 */
export function reviewRequestDelivery(
  s: Services,
  claimId: string,
  review: Review,
  attempts: DeliveryAttempt[],
  by: string = WORKFLOW_ACTOR,
  type: ReviewMessageType = 'review.requested',
): { delivery: ReviewDelivery; event: ClaimEvent } {
  const before = review.delivery;
  const offset = before?.attempts ?? 0;
  const last = attempts[attempts.length - 1];
  const ok = Boolean(last?.ok);
  const now = s.clock.now();
  const retries = before ? before.retries + (by === WORKFLOW_ACTOR ? 1 : 0) : 0;
  const retryLeft = retries < s.settings.reviewDelivery.maxRetries;
  const lastError = last?.error ?? (last?.status ? `HTTP ${last.status}` : undefined);
  const delivery: ReviewDelivery = ok
    ? { state: 'delivered', attempts: offset + attempts.length, retries, lastAttemptAt: last?.at ?? now.toISOString() }
    : {
        state: retryLeft ? 'retrying' : 'failed',
        attempts: offset + attempts.length,
        retries,
        lastAttemptAt: last?.at ?? now.toISOString(),
        ...(retryLeft ? { nextAttemptAt: new Date(now.getTime() + retryDelayMs(s, retries + 1)).toISOString() } : {}),
        ...(lastError ? { lastError } : {}),
      };
  const event = trailEvent(s, claimId, ok ? `${type}.delivered` : `${type}.delivery_failed`, by, {
    reviewId: review.id,
    delivery: delivery.state,
    ...(delivery.nextAttemptAt ? { nextAttemptAt: delivery.nextAttemptAt } : {}),
    attempts: attempts.map((a) => ({ attempt: offset + a.attempt, status: a.status, ok: a.ok, ...(a.error ? { error: a.error } : {}) })),
  });
  return { delivery, event };
}

/** Where a review's message goes: an escalated review's to the escalation desk (else the reviewers). */
export function reviewMessageEndpoint(s: Pick<Services, 'settings'>, type: ReviewMessageType): Services['settings']['reviewerEndpoint'] {
  return type === 'review.requested' ? s.settings.reviewerEndpoint : (s.settings.escalationEndpoint ?? s.settings.reviewerEndpoint);
}

/** Resends the review's current message: the escalation once it has escalated, else the request. */
async function resend(s: Services, review: Review, by: string): Promise<ReviewDelivery> {
  const type: ReviewMessageType = review.escalated ? 'review.escalated' : 'review.requested';
  const endpoint = reviewMessageEndpoint(s, type);
  if (!endpoint) throw new DomainError('unavailable', 'no reviewer endpoint is configured');
  const claim = await s.claims.get(review.claimId);
  if (!claim) throw new DomainError('not_found', 'the claim of this review is gone');
  const notes = type === 'review.requested' ? review.changesRequested : undefined;
  const attempts = await s.webhooks.send(endpoint, await reviewRequestMessage(s, claim, review, type, notes));
  return recordReviewRequestDelivery(s, claim.id, review, attempts, by, type);
}

export interface ReviewDeliveryRetries {
  delivered: string[];
  retrying: string[];
  /** Reviews whose last retry failed in this run: each counts towards the undelivered-review alarm. */
  failed: string[];
}

/** Resends every review request that is due, until `budgetMs` is spent (the rest wait for the next run). */
export async function retryReviewRequests(s: Services, budgetMs = 30_000): Promise<ReviewDeliveryRetries> {
  const result: ReviewDeliveryRetries = { delivered: [], retrying: [], failed: [] };
  const started = Date.now();
  for (const due of await s.reviews.dueDeliveries(s.clock.now().toISOString(), 25)) {
    if (Date.now() - started > budgetMs) break;
    const review = await s.reviews.get(due.id);
    if (review?.delivery?.state !== 'retrying') continue;
    if (review.status !== 'open') {
      // Decided, withdrawn or expired meanwhile: nobody needs the request any more.
      await s.reviews.setDelivery(review.id, { ...withoutSchedule(review.delivery), state: 'stopped' });
      continue;
    }
    const delivery = await resend(s, review, WORKFLOW_ACTOR);
    result[delivery.state === 'delivered' ? 'delivered' : delivery.state === 'failed' ? 'failed' : 'retrying'].push(review.id);
  }
  return result;
}

/** An admin's resend of an open review's request, now, whatever its delivery state; retries go on if it fails. */
export async function resendReviewRequest(s: Services, reviewId: string, adminId: string): Promise<ReviewDelivery> {
  const review = await s.reviews.get(reviewId);
  if (!review || review.kind === 'correction') throw new DomainError('not_found', 'no review request with this id');
  if (review.status !== 'open') throw new DomainError('conflict', `this review is ${review.status}; there is nothing to resend`);
  // An admin's resend starts a fresh series of retries if it fails.
  const fresh: Review = review.delivery ? { ...review, delivery: { ...review.delivery, retries: 0 } } : review;
  return resend(s, fresh, adminId);
}

function withoutSchedule(delivery: ReviewDelivery): ReviewDelivery {
  const { nextAttemptAt: _next, ...rest } = delivery;
  return rest;
}
