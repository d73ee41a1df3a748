/**
 * #10.6 for escalations: a `review.escalated` message the escalation desk did not accept is retried by the
 * reconciler like a review request (backoff, the delivery on the claim, the same webhook-id), to the escalation
 * desk, not to the reviewers. The first deadline is one second here; the final one is long enough to retry in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { retryReviewRequests } from '../../shared/domain/services/review-delivery.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();
const escalationDesk = new ScriptedReviewer();

beforeAll(async () => {
  await Promise.all([reviewer.start(), escalationDesk.start()]);
  stack = await startTestStack({
    reviewerWebhookUrl: reviewer.url,
    reconcileEveryMs: 3_600_000,
    env: {
      REVIEW_DEADLINE_SECONDS: '1',
      REVIEW_ESCALATION_SECONDS: '600',
      ESCALATION_WEBHOOK_URL: escalationDesk.url,
      REVIEW_DELIVERY_BACKOFF_MS: '50',
      REVIEW_DELIVERY_MAX_BACKOFF_MS: '100',
      REVIEW_DELIVERY_MAX_RETRIES: '2',
    },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  escalationDesk.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([reviewer.stop(), escalationDesk.stop()]);
});

type Delivery = { state: string; attempts: number; retries: number; nextAttemptAt?: string };
const deliveryOf = async (claimId: string) => (await probe.storedClaim(claimId)).review as { delivery?: Delivery; status?: string } | undefined;

describe('escalations the escalation desk did not accept', () => {
  it('are retried to the escalation desk with the same webhook-id, and the claim shows the delivery', async () => {
    escalationDesk.status = 503;
    const id = await probe.submit({ statement: 'The ferry service cancelled 212 crossings in January 2025, the operator said.' });
    await reviewer.request(id);
    const failing = await eventually(
      async () => {
        const r = await deliveryOf(id);
        return r?.status === 'escalated' && r.delivery?.state === 'retrying' ? r : undefined;
      },
      30_000,
      'the escalation to fail its first try',
    );
    // A fresh delivery for the new message: its own attempts, not the request's.
    expect(failing?.delivery).toMatchObject({ state: 'retrying', attempts: 3, retries: 0 });

    escalationDesk.status = 204;
    const due = Date.parse(failing?.delivery?.nextAttemptAt ?? '');
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 20));
    const { reviewId } = (await probe.storedClaim(id)).review as { reviewId: string };
    expect((await retryReviewRequests(stack.runtime.services)).delivered).toEqual([reviewId]);
    expect((await deliveryOf(id))?.delivery).toMatchObject({ state: 'delivered', attempts: 4 });

    const sent = escalationDesk.forClaim(id, 'review.escalated');
    expect(sent.length).toBe(4);
    expect(new Set(sent.map((r) => r.webhookId)).size).toBe(1);
    expect(sent.at(-1)?.verified).toBe(true);
    expect(reviewer.forClaim(id, 'review.escalated')).toHaveLength(0);
    const trail = await probe.trail(id);
    expect(trail.filter((e) => e.type === 'review.escalated.delivery_failed')).toHaveLength(1);
    expect(trail.filter((e) => e.type === 'review.escalated.delivered')).toHaveLength(1);
  });
});
