/**
 * A review request that does not get through is not given up after one short burst: the reconciler resends
 * it with backoff and jitter (bounded), the claim shows where its delivery stands, the attempts keep their
 * numbering on the trail, a request still undelivered after every retry is `failed` (counted for the alarm),
 * and an admin can resend it. Backoff is shortened here (REVIEW_DELIVERY_BACKOFF_MS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
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
