/**
 * A review request that does not get through is not given up after one short burst: the reconciler resends
 * it with backoff and jitter (bounded), the claim shows where its delivery stands, the attempts keep their
 * numbering on the trail, a request still undelivered after every retry is `failed` (counted for the alarm),
 * and an admin can resend it. Backoff is shortened here (REVIEW_DELIVERY_BACKOFF_MS). A request the reviewer
 * tool accepted is sent once, even when recording its delivery fails: the step does not fail and ask again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { ReviewRepository } from '../../shared/domain/ports.ts';
import { retryReviewRequests } from '../../shared/domain/services/review-delivery.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({
    reviewerWebhookUrl: reviewer.url,
    // The test drives the retries itself: the local reconciler's interval stays out of the way.
    reconcileEveryMs: 3_600_000,
    env: { REVIEW_DELIVERY_BACKOFF_MS: '50', REVIEW_DELIVERY_MAX_BACKOFF_MS: '100', REVIEW_DELIVERY_MAX_RETRIES: '2' },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

type Delivery = { state: string; attempts: number; retries: number; nextAttemptAt?: string; lastError?: string };

async function deliveryOf(claimId: string): Promise<Delivery | undefined> {
  return ((await probe.storedClaim(claimId)).review as { delivery?: Delivery } | undefined)?.delivery;
}

/** Runs the reconciler's retry pass once the due time has come. */
async function retryWhenDue(claimId: string) {
  const due = Date.parse((await deliveryOf(claimId))?.nextAttemptAt ?? '');
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 20));
  return retryReviewRequests(stack.runtime.services);
}

describe('review requests the reviewer tool did not accept', () => {
  it('are retried with backoff, shown on the claim, marked failed after the last retry, and delivered by an admin resend', async () => {
    reviewer.status = 503;
    const id = await probe.submit({ statement: 'Hospital waiting lists in the north grew by 18% in 2024, the health board said.' });
    const first = await eventually(async () => ((await deliveryOf(id))?.state === 'retrying' ? deliveryOf(id) : undefined), 30_000, 'the first try');
    expect(first).toMatchObject({ state: 'retrying', attempts: 3, retries: 0, lastError: 'HTTP 503' });
    const { reviewId } = (await probe.storedClaim(id)).review as { reviewId: string };

    // Still down: the first retry fails, the next is scheduled.
    expect((await retryWhenDue(id)).retrying).toEqual([reviewId]);
    expect(await deliveryOf(id)).toMatchObject({ state: 'retrying', attempts: 6, retries: 1 });
    // The last retry fails: failed, nothing more scheduled, counted for the alarm.
    expect((await retryWhenDue(id)).failed).toEqual([reviewId]);
    const failed = await deliveryOf(id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 9, retries: 2 });
    expect(failed?.nextAttemptAt).toBeUndefined();
    expect(await retryReviewRequests(stack.runtime.services)).toEqual({ delivered: [], retrying: [], failed: [] });

    // The API shows it on the claim.
    const claim = await probe.claim(id);
    expect(claim.review).toMatchObject({ reviewId, delivery: { state: 'failed', attempts: 9 } });

    // The reviewer tool is back; an admin resends.
    reviewer.status = 204;
    const resent = await fetch(`${stack.apiUrl}/admin/reviews/${reviewId}/resend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.keys.admin.key}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(resent.status).toBe(200);
    expect(await resent.json()).toMatchObject({ reviewId, delivery: { state: 'delivered', attempts: 10 } });
    expect(await deliveryOf(id)).toMatchObject({ state: 'delivered', attempts: 10 });
    // One webhook-id throughout, and the trail numbers the attempts on from where they were.
    const requests = reviewer.forClaim(id);
    expect(new Set(requests.map((r) => r.webhookId)).size).toBe(1);
    const trail = await probe.trail(id);
    const delivered = trail.find((e) => e.type === 'review.requested.delivered');
    expect(delivered?.actor).toBe(stack.keys.admin.principalId);
    const attempts = (delivered?.detail as { attempts?: Array<{ attempt: number }> } | undefined)?.attempts ?? [];
    expect(attempts.map((a) => a.attempt)).toEqual([10]);
    expect(trail.filter((e) => e.type === 'review.requested.delivery_failed')).toHaveLength(3);

    // An admin cannot resend a review that is no longer open; reviewers may not resend at all.
    const asReviewer = await fetch(`${stack.apiUrl}/admin/reviews/${reviewId}/resend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.keys.reviewer.key}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(asReviewer.status).toBe(403);
  });
});

/**
 * Makes the stack's review repository fail recording a delivery for one claim, `times` times (Infinity:
 * always) with the SDK's TimeoutError, as a slow DynamoDB does; `landed`: the write is made first and only
 * its answer is lost. Returns the restore.
 */
function failDeliveryRecords(claimOf: () => string | undefined, times: number, landed: boolean): () => void {
  const reviews = stack.runtime.services.reviews as ReviewRepository;
  const original = reviews.recordDelivery;
  let failed = 0;
  reviews.recordDelivery = async (review, delivery, event) => {
    if (review.claimId !== claimOf() || failed >= times) return original.call(reviews, review, delivery, event);
    failed += 1;
    if (landed) await original.call(reviews, review, delivery, event);
    throw Object.assign(new Error('the request timed out'), { name: 'TimeoutError' });
  };
  return () => {
    reviews.recordDelivery = original;
  };
}

describe('a review request the reviewer tool accepted', () => {
  /** Approves the review the request names and returns the finished execution's Task failures (a retried RequestReview shows one). */
  async function approveAndFinish(claimId: string, reviewId: string): Promise<number> {
    const decided = await probe.decide(reviewId, { decision: 'approve', rating: 'true', summary: 'Matches the official figures.' });
    expect(decided.status).toBe(200);
    const { events } = await probe.execution(claimId, 'SUCCEEDED');
    return events.filter((e) => e.type === 'TaskFailed').length;
  }

  it('is sent once when recording its delivery times out after the write landed: one review, one webhook-id, one delivered event', async () => {
    let claimId: string | undefined;
    const restore = failDeliveryRecords(() => claimId, 1, true);
    try {
      claimId = await probe.submit({ statement: 'Rents in the coastal towns rose by 9.4% in 2024, the housing ministry said.' });
      const id = claimId;
      const request = await reviewer.request(id);
      await eventually(async () => ((await deliveryOf(id))?.state === 'delivered' ? true : undefined), 30_000, 'the delivery record');
      // The review the reviewers were sent is the one the workflow waits on: deciding it finishes the claim.
      expect(await approveAndFinish(id, request.data.reviewId)).toBe(0);
      expect(reviewer.forClaim(id).map((r) => r.webhookId)).toEqual([request.webhookId]);
      const types = (await probe.trail(id)).map((e) => e.type);
      expect(types.filter((t) => t === 'review.requested')).toHaveLength(1);
      expect(types.filter((t) => t === 'review.requested.delivered')).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it('is sent once when its delivery cannot be recorded at all, and the review it names can still be decided', async () => {
    let claimId: string | undefined;
    const restore = failDeliveryRecords(() => claimId, Number.POSITIVE_INFINITY, false);
    try {
      claimId = await probe.submit({ statement: 'Electricity prices in the border region fell by 6.2% in 2024, the regulator said.' });
      const id = claimId;
      const request = await reviewer.request(id);
      expect(await approveAndFinish(id, request.data.reviewId)).toBe(0);
      expect(reviewer.forClaim(id)).toHaveLength(1);
      // Only the record is missing: no delivery state on the review, no delivered event on the trail.
      expect((await probe.storedReview(request.data.reviewId)).delivery).toBeUndefined();
      expect((await probe.trail(id)).filter((e) => e.type.startsWith('review.requested.'))).toEqual([]);
    } finally {
      restore();
    }
  });
});
