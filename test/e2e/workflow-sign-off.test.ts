/**
 * Reviewer sign-off end to end, through HTTP on the local stack: approve, reject, request changes, quorum,
 * four-eyes, the decision webhook's signature/replay rules, delivery retries and a concurrent publish.
 * Each path asserts what is stored, the execution history and the claim's trail.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { Schema } from '../../client/index.ts';
import { handler as publishVerdict } from '../../functions/workflow/publish-verdict.ts';
import { createPrincipal } from '../../infra/local/principals.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();

beforeAll(async () => {
  await reviewer.start();
  // Two review rounds at most, so the last-round rule is reachable in one test.
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url, env: { REVIEW_MAX_ROUNDS: '2' } });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

const approve = { decision: 'approve', rating: 'mostly-true', summary: 'The official series shows the figure; the month is right.' } as const;

async function notificationsFor(claimId: string): Promise<number> {
  // A scan of this test's own small table, to count what the publish queued (the product never scans).
  const out = await probe.doc.send(
    new ScanCommand({
      TableName: stack.tableName,
      FilterExpression: 'entity = :n AND claimId = :c',
      ExpressionAttributeValues: { ':n': 'notification', ':c': claimId },
    }),
  );
  return out.Items?.length ?? 0;
}

describe('approve', () => {
  it('publishes the verdict after a review request whose delivery failed twice and was retried', async () => {
    reviewer.answerNext(500, 503);
    const id = await probe.submit({ statement: 'Norway exported 1.2 million tonnes of salmon in 2022, the seafood council said.' });
    await probe.untilTrail(id, 'review.requested.delivered');
    const request = reviewer.forClaim(id)[2]!;
    expect(reviewer.forClaim(id)).toHaveLength(3); // two failed attempts, then the delivered one, same webhook-id
    expect(new Set(reviewer.forClaim(id).map((r) => r.webhookId)).size).toBe(1);

    const res = await probe.decide(request.data.reviewId, approve);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: 'settled', approvals: 1, approvalsRequired: 1 });

    const claim = await probe.untilStatus(id, 'published');
    expect(claim.verdict?.version).toBe(1);
    expect(await probe.storedClaim(id)).toMatchObject({
      status: 'published',
      verdictVersion: 1,
      gsi1pk: expect.stringMatching(/^STATUS#published#\d{4}-\d{2}$/),
    });
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'approved', workflowResumedAt: expect.any(String) });
    expect(await probe.storedVerdicts(id)).toHaveLength(1);
    expect(await notificationsFor(id)).toBe(1);

    const { steps } = await probe.execution(id);
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
      'Decision',
      'PublishVerdict',
    ]);

    const trail = await probe.trail(id);
    const delivered = trail.find((e) => e.type === 'review.requested.delivered');
    expect(delivered?.detail?.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 500, ok: false }),
      expect.objectContaining({ attempt: 2, status: 503, ok: false }),
      expect.objectContaining({ attempt: 3, status: 204, ok: true }),
    ]);
    expect(trail.map((e) => e.type)).toEqual(
      expect.arrayContaining(['triage.completed', 'evidence.gathered', 'review.requested', 'review.approve', 'verdict.published']),
    );
    expect(trail.find((e) => e.type === 'review.approve')?.actor).toBe(`reviewer:${stack.keys.reviewer.principalId}`);
  });
});

describe('reject', () => {
  it("closes the claim as rejected with the reviewer's reason, and refuses later decisions with 409", async () => {
    const id = await probe.submit({ statement: 'Chile produced 5.3 million tonnes of copper in 2023, the mining ministry reported.' });
    const request = await reviewer.request(id);
    const res = await probe.decide(request.data.reviewId, { decision: 'reject', reason: 'Out of scope: a production figure nobody disputes.' });
    expect(res.status).toBe(200);

    const claim = await probe.untilStatus(id, 'rejected');
    expect(claim.closedReason).toBe('Out of scope: a production figure nobody disputes.');
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'rejected' });
    expect(await probe.storedVerdicts(id)).toHaveLength(0);

    const late = await probe.decide(request.data.reviewId, approve, { reviewerId: await probe.registerReviewer('late-reviewer') });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toContain('application/problem+json');

    const { entered } = await probe.execution(id);
    expect(entered.slice(-2)).toEqual(['Decision', 'CloseRejected']);
    expect(await probe.trailTypes(id)).toEqual(expect.arrayContaining(['review.reject', 'claim.rejected']));
  });
});

describe('request changes', () => {
  it('loops back to source gathering with the notes, then publishes on approval in the second round', async () => {
    const id = await probe.submit({ statement: 'The health ministry reported 830 measles cases in Romania during 2023.' });
    const first = await reviewer.request(id);
    expect(first.data.round).toBe(1);
    const res = await probe.decide(first.data.reviewId, { decision: 'request_changes', notes: 'Add the ECDC figures for comparison.' });
    expect(await res.json()).toMatchObject({ result: 'settled' });

    const second = await reviewer.request(id, 'review.requested', 2);
    expect(second.data.round).toBe(2);
    expect(second.data.reviewId).not.toBe(first.data.reviewId);
    expect(second.data.changesRequested).toBe('Add the ECDC figures for comparison.');
    expect(await probe.storedReview(first.data.reviewId)).toMatchObject({ status: 'changes_requested' });

    // Round 2 is the last (REVIEW_MAX_ROUNDS=2): asking for changes again is refused, nothing changes.
    const again = await probe.decide(second.data.reviewId, { decision: 'request_changes', notes: 'And the WHO ones.' });
    expect(again.status).toBe(409);
    expect(await probe.storedReview(second.data.reviewId)).toMatchObject({ status: 'open', decisions: [] });

    await probe.decide(second.data.reviewId, approve);
    await probe.untilStatus(id, 'published');

    const { steps } = await probe.execution(id);
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
      'Decision',
      'NextRound',
      'RunAutomatedSteps',
      'FirstRound',
      'LaterRound',
      'GatherEvidence',
      'GatherFromProvider',
      'RecordEvidence',
      'ReadyForReview',
      'AutomatedOutcome',
      'RequestReview',
      'Decision',
      'PublishVerdict',
    ]);
    const trail = await probe.trail(id);
    expect(trail.filter((e) => e.type === 'evidence.gathered').map((e) => e.detail?.round)).toEqual([1, 2]);
    expect(trail.filter((e) => e.type === 'review.requested').map((e) => e.detail?.round)).toEqual([1, 2]);
    expect(trail.find((e) => e.type === 'review.request_changes')?.detail).toMatchObject({ round: 1, notes: 'Add the ECDC figures for comparison.' });
  });
});

describe('the review policy a running claim obeys', () => {
  it('is the one captured at submission: raising maxRounds mid-review changes neither the sign-off nor the workflow', async () => {
    const id = await probe.submit({ statement: 'Portugal recorded 30 million tourist nights in 2023, the statistics institute said.' });
    const first = await reviewer.request(id);
    await probe.decide(first.data.reviewId, { decision: 'request_changes', notes: 'Add the 2022 figure.' });
    const second = await reviewer.request(id, 'review.requested', 2);

    // The configuration changes while round 2 (the last under the policy captured at submission) is open.
    const settings = stack.runtime.services.settings;
    const before = settings.reviewPolicy;
    settings.reviewPolicy = { ...before, maxRounds: 5 };
    try {
      const refused = await probe.decide(second.data.reviewId, { decision: 'request_changes', notes: 'And the 2021 one.' });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/last review round \(2 of 2\)/);
      expect(await probe.storedReview(second.data.reviewId)).toMatchObject({ status: 'open', decisions: [] });

      await probe.decide(second.data.reviewId, approve);
      await probe.untilStatus(id, 'published');
    } finally {
      settings.reviewPolicy = before;
    }
  });
});

describe('quorum on high-priority claims', () => {
  it('waits after one approval, refuses the same reviewer twice, and publishes on a second distinct approval', async () => {
    const id = await probe.submit({ statement: 'Kenya planted 150 million trees in 2023, the environment minister claimed.', priority: 'high' });
    const request = await reviewer.request(id);
    expect(request.data.approvalsRequired).toBe(2);

    const one = await probe.decide(request.data.reviewId, { ...approve, rating: 'mixed' });
    expect(await one.json()).toMatchObject({ result: 'recorded', approvals: 1, approvalsRequired: 2 });
    // Quorum not met: still waiting, nothing published, the execution still on RequestReview.
    expect((await probe.claim(id)).status).toBe('awaiting_review');
    expect((await probe.claim(id)).review).toMatchObject({ approvals: 1, approvalsRequired: 2, status: 'open' });
    const waiting = await probe.execution(id, 'RUNNING');
    expect(waiting.entered.at(-1)).toBe('RequestReview');

    const twice = await probe.decide(request.data.reviewId, { ...approve, rating: 'mixed' });
    expect(twice.status).toBe(409);
    // The second reviewer decides with their own API key: the quorum counts reviewers whose credentials
    // were verified, and the shared decision secret verifies no one (test/e2e/reviewer-credentials.test.ts).
    const second = 'second-reviewer';
    const secondKey = await createPrincipal(stack.runtime.principals, stack.runtime.pepper, { id: second, name: 'Second reviewer', role: 'reviewer' });
    const decideAsSecond = (body: Schema<'ReviewerKeyDecision'>) =>
      probe.as(secondKey).POST('/reviews/{reviewId}/decision', { params: { path: { reviewId: request.data.reviewId } }, body });
    const otherRating = await decideAsSecond({ ...approve, rating: 'true' });
    expect(otherRating.response.status).toBe(409); // approvals must agree on the rating
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({
      status: 'open',
      decisions: [expect.objectContaining({ reviewerId: stack.keys.reviewer.principalId })],
    });

    const two = await decideAsSecond({ ...approve, rating: 'mixed' });
    expect(two.data).toMatchObject({ result: 'settled', approvals: 2 });
    await probe.untilStatus(id, 'published');
    const { data: verdict } = await probe.as(stack.keys.partner.key).GET('/claims/{id}/verdict', { params: { path: { id } } });
    // Partners see reviewers by their public display name, never by principal id.
    expect(verdict).toMatchObject({ reviewers: ['Local reviewer', 'Second reviewer'], rating: { id: 'mixed' } });
    expect((await probe.execution(id)).entered.slice(-2)).toEqual(['Decision', 'PublishVerdict']);
    expect((await probe.trailTypes(id)).filter((t) => t === 'review.approve')).toHaveLength(2);
  });
});

describe('four-eyes', () => {
  it('never lets the submitter approve, even a principal allowed both to submit and to review', async () => {
    // The admin role may submit claims and decide reviews: it is the principal that could approve its own.
    const id = await probe.submit({ statement: 'Poland built 220,000 new homes in 2023, the statistics office said.' }, stack.keys.admin.key);
    const request = await reviewer.request(id);

    const own = await probe.decide(request.data.reviewId, approve, { reviewerId: stack.keys.admin.principalId });
    expect(own.status).toBe(403);
    expect(((await own.json()) as { detail: string }).detail).toMatch(/four-eyes/);
    // A principal that is not a reviewer cannot decide at all.
    const notReviewer = await probe.decide(request.data.reviewId, approve, { reviewerId: stack.keys['fact-checker'].principalId });
    expect(notReviewer.status).toBe(403);

    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'open', decisions: [] });
    expect((await probe.claim(id)).status).toBe('awaiting_review');
    expect((await probe.execution(id, 'RUNNING')).entered.at(-1)).toBe('RequestReview');
    expect(await probe.trailTypes(id)).not.toContain('review.approve');

    // Another reviewer may approve it.
    await probe.decide(request.data.reviewId, approve);
    await probe.untilStatus(id, 'published');
  });
});

describe('decision webhooks', () => {
  it('ignore tampered and stale messages, and recognise a replayed one without applying it twice', async () => {
    const id = await probe.submit({ statement: 'Canada admitted 471,000 permanent residents in 2023, the immigration department said.' });
    const request = await reviewer.request(id);
    const trailBefore = (await probe.untilTrail(id, 'review.requested.delivered')).map((e) => e.type);

    const tampered = await probe.decide(request.data.reviewId, approve, { tamper: (body) => body.replace('mostly-true', 'true') });
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('content-type')).toContain('application/problem+json');
    const stale = await probe.decide(request.data.reviewId, approve, { timestamp: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
    const wrongKey = await probe.decide(request.data.reviewId, approve, { signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(wrongKey.status).toBe(401);
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'open', decisions: [] });
    expect(await probe.trailTypes(id)).toEqual(trailBefore);

    const webhookId = 'msg_replayed_decision_1';
    const first = await probe.decide(request.data.reviewId, approve, { webhookId });
    expect(await first.json()).toMatchObject({ result: 'settled' });
    await probe.untilStatus(id, 'published');
    const replay = await probe.decide(request.data.reviewId, approve, { webhookId });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ result: 'replay', claimId: id });

    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({
      status: 'approved',
      decisions: [expect.objectContaining({ messageId: webhookId })],
    });
    expect(await probe.storedVerdicts(id)).toHaveLength(1);
    expect((await probe.trailTypes(id)).filter((t) => t === 'review.approve' || t === 'verdict.published')).toEqual(['review.approve', 'verdict.published']);
    expect((await probe.execution(id)).entered.filter((s) => s === 'PublishVerdict')).toHaveLength(1);
  });

  it('answers 404 for a review that does not exist', async () => {
    const unknown = await probe.decide('01J00000000000000000000000', approve);
    expect(unknown.status).toBe(404);
  });
});

describe('publish', () => {
  it('publishes once when the publish step runs twice at the same time, and once more when the workflow replays it', async () => {
    const id = await probe.submit({ statement: 'The national rail operator cancelled 4,200 trains in January 2024, its annual report says.' });
    const request = await reviewer.request(id);
    const decision = {
      decision: 'approve' as const,
      rating: 'true',
      summary: 'The annual report lists the cancellations by month.',
      reviewers: [stack.keys.reviewer.principalId],
    };

    // Two concurrent invocations of the publish Lambda (a redelivered invocation racing the first).
    const results = await Promise.all([publishVerdict({ claimId: id, decision }), publishVerdict({ claimId: id, decision })]);
    expect(results).toEqual([{ version: 1 }, { version: 1 }]);
    expect(await probe.storedVerdicts(id)).toHaveLength(1);
    expect(await notificationsFor(id)).toBe(1);
    expect((await probe.trailTypes(id)).filter((t) => t === 'verdict.published')).toHaveLength(1);

    // The workflow, still waiting for the reviewer, then runs its own PublishVerdict: a replay, no second verdict.
    await probe.decide(request.data.reviewId, { ...approve, rating: 'true' });
    const { entered } = await probe.execution(id);
    expect(entered.slice(-2)).toEqual(['Decision', 'PublishVerdict']);
    expect(await probe.storedVerdicts(id)).toHaveLength(1);
    expect(await notificationsFor(id)).toBe(1);
    expect(await probe.storedClaim(id)).toMatchObject({ status: 'published', verdictVersion: 1 });
  });
});

describe('decision webhook edge cases', () => {
  /** Posts `body` exactly as given (bytes included), correctly signed with the decision secret. */
  async function signedRaw(body: string, webhookId = `msg_${Date.now()}_${Math.random().toString(36).slice(2)}`): Promise<Response> {
    const at = new Date();
    const signature = new Webhook(stack.secrets.reviewDecisionSecret).sign(webhookId, at, body);
    return fetch(`${stack.apiUrl}/webhooks/review-decisions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': webhookId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: Buffer.from(body, 'utf8'),
    });
  }

  it('a webhook-id reused on a different review is refused with 409 saying why, and the decision is not dropped silently', async () => {
    const first = await probe.submit({ statement: 'Estonia had 1.37 million residents in 2024, the statistics office said.' });
    const second = await probe.submit({ statement: 'Lithuania exported 40 billion euros of goods in 2023, the statistics office said.' });
    const [r1, r2] = [await reviewer.request(first), await reviewer.request(second)];
    const webhookId = `msg_reused_${Date.now()}`;
    expect((await probe.decide(r1.data.reviewId, approve, { webhookId })).status).toBe(200);
    const reused = await probe.decide(r2.data.reviewId, approve, { webhookId });
    expect(reused.status).toBe(409);
    expect(((await reused.json()) as { detail: string }).detail).toMatch(/webhook-id.*another review/);
    expect(await probe.storedReview(r2.data.reviewId)).toMatchObject({ status: 'open', decisions: [] });
    // The same id on the same review is still a replay.
    expect(await (await probe.decide(r1.data.reviewId, approve, { webhookId })).json()).toMatchObject({ result: 'replay' });
  });

  it('a correctly signed body that is not JSON, or starts with a byte-order mark, is 400 (not "invalid signature"); a signed body of the wrong shape is 422 naming the field', async () => {
    const notJson = await signedRaw('{"type": "review.decision", "data": ');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
    const bom = await signedRaw(`\uFEFF${JSON.stringify({ type: 'review.decision', data: { reviewId: 'r', reviewerId: 'x', decision: 'approve' } })}`);
    expect(bom.status).toBe(400);
    expect(((await bom.json()) as { detail: string }).detail).toMatch(/byte-order mark/);
    const wrongShape = await signedRaw(JSON.stringify({ type: 'review.decision', data: { reviewId: 'r', reviewerId: 'x', decision: 'maybe' } }));
    expect(wrongShape.status).toBe(422);
    expect(((await wrongShape.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toContain('/data/decision');
    // An unsigned one is still 401.
    const unsigned = await probe.decide('r', approve, { signature: 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(unsigned.status).toBe(401);
  });
});
