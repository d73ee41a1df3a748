/**
 * No review waits forever: past its deadline a review escalates (a signed `review.escalated` webhook to
 * the escalation desk, and a final deadline), and past that the claim ends as review-expired. Deadlines
 * are one second here (REVIEW_DEADLINE_SECONDS / REVIEW_ESCALATION_SECONDS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();
const escalationDesk = new ScriptedReviewer();

beforeAll(async () => {
  await Promise.all([reviewer.start(), escalationDesk.start()]);
  stack = await startTestStack({
    reviewerWebhookUrl: reviewer.url,
    env: { REVIEW_DEADLINE_SECONDS: '1', REVIEW_ESCALATION_SECONDS: '3', ESCALATION_WEBHOOK_URL: escalationDesk.url },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  escalationDesk.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all([reviewer.stop(), escalationDesk.stop()]);
});

describe('review deadlines', () => {
  it('escalates a review nobody decided, then expires it, and answers a late decision with 410', async () => {
    const id = await probe.submit({ statement: 'Tasmania recorded 41 bushfires in February 2024, the fire service said.' });
    const request = await reviewer.request(id);

    const escalation = await escalationDesk.request(id, 'review.escalated');
    expect(escalation.verified).toBe(true);
    expect(escalation.data.reviewId).toBe(request.data.reviewId);
    expect(reviewer.forClaim(id, 'review.escalated')).toHaveLength(0); // it went to the escalation desk
    expect((await probe.storedClaim(id)).review).toMatchObject({ reviewId: request.data.reviewId, status: 'escalated' });

    const claim = await probe.untilStatus(id, 'review_expired');
    expect(claim.closedReason).toBe('no decision before the final deadline');
    expect(await probe.storedClaim(id)).toMatchObject({
      status: 'review_expired',
      gsi1pk: expect.stringMatching(/^STATUS#review_expired#\d{4}-\d{2}$/),
      review: { status: 'expired' },
    });
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'expired', escalated: true, decisions: [] });

    const late = await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'true', summary: 'Late, but right.' });
    expect(late.status).toBe(410);
    expect(late.headers.get('content-type')).toContain('application/problem+json');
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'expired', decisions: [] });

    const { steps, events } = await probe.execution(id);
    expect(steps).toEqual([
      'RunAutomatedSteps',
      'FirstRound',
      'Triage',
      'TriageOutcome',
      'GatherEvidence',
      'GatherFromProvider',
      'RecordEvidence',
      'ReadyForReview',
      'AutomatedOutcome',
      'RequestReview',
      'EscalateReview',
      'ExpireReview',
    ]);
    const timedOut = events.filter((e) => e.type === 'TaskTimedOut');
    expect(timedOut.map((e) => e.taskTimedOutEventDetails?.error)).toEqual(['States.Timeout', 'States.Timeout']);

    const trail = await probe.trailTypes(id);
    expect(trail).toEqual(
      expect.arrayContaining(['review.requested', 'review.requested.delivered', 'review.escalated', 'review.escalated.delivered', 'claim.review_expired']),
    );
    expect(trail.indexOf('review.escalated')).toBeLessThan(trail.indexOf('claim.review_expired'));
    expect(trail).not.toContain('review.approve');
  });
});
