/**
 * Triage outcomes end to end, through HTTP on the local stack: a claim that scores low is not closed (it goes on
 * with priority low; auto-close is an opt-in policy, covered in test/unit/triage); a rewording of a published claim is linked to its verdict, a rewording of a claim still in
 * review is linked to that claim, and a different claim on the same topic goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { startTestStack } from '../support/test-stack.ts';

/** A claim triage closes: the Express round ends at triage and the Standard execution succeeds without a review. */
const CLOSED_AT_TRIAGE_STEPS = ['RunAutomatedSteps', 'FirstRound', 'Triage', 'TriageOutcome', 'ClaimClosedByTriage', 'AutomatedOutcome', 'ClosedAtTriage'];

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe('not check-worthy', () => {
  it('does not close a low-scoring claim: it goes on to a reviewer with priority low, with the reasons', async () => {
    const id = await probe.submit({ statement: "Don't you think the new stadium is the ugliest building in town?" });
    await reviewer.request(id);
    const claim = await probe.claim(id);
    expect(claim.status).toBe('awaiting_review');
    expect(claim.priority).toBe('low');
    expect(claim.triage?.outcome).toBe('continue');
    expect(claim.triage?.priority).toBe('low');
    expect(claim.triage?.checkWorthiness.score).toBeLessThan(0.5);
    expect(claim.triage?.checkWorthiness.reasons.length).toBeGreaterThan(0);
    expect(claim.triage?.outcomeReason).toMatch(/priority low/);

    // Still running (waiting for the reviewer), so not closed at triage.
    const trail = await probe.trailTypes(id);
    expect(trail).toEqual(expect.arrayContaining(['claim.submitted', 'triage.started', 'triage.completed', 'review.requested']));
    expect(trail).not.toContain('triage.not_check_worthy');
  });
});

describe('duplicates', () => {
  it('links a rewording of a published claim to its verdict', async () => {
    const original = await probe.submit({ statement: 'Unemployment fell to 3.9% in March' });
    const request = await reviewer.request(original);
    await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'true', summary: 'The statistics office series shows 3.9% for March.' });
    await probe.untilStatus(original, 'published');

    const reworded = await probe.submit({ statement: 'The jobless rate dropped to 3.9 percent last March' });
    const claim = await probe.untilStatus(reworded, 'duplicate');
    expect(claim.triage?.duplicateOf).toMatchObject({ kind: 'verdict', claimId: original });
    expect(claim.triage?.duplicateOf?.similarity).toBeGreaterThanOrEqual(0.8);
    expect(await probe.storedClaim(reworded)).toMatchObject({ status: 'duplicate', triage: { duplicateOf: { kind: 'verdict', claimId: original } } });

    expect((await probe.execution(reworded)).steps).toEqual(CLOSED_AT_TRIAGE_STEPS);
    const event = (await probe.trail(reworded)).find((e) => e.type === 'triage.duplicate');
    expect(event?.detail).toMatchObject({ duplicateOf: { kind: 'verdict', claimId: original } });
    expect(reviewer.forClaim(reworded)).toHaveLength(0);

    // A different claim on the same topic is not a duplicate: it goes on to review.
    const different = await probe.submit({ statement: 'Unemployment rose to 4.2% in March' });
    await reviewer.request(different);
    expect((await probe.claim(different)).triage?.duplicateOf).toBeNull();
  });

  it('links a rewording of a claim still in review to that claim', async () => {
    const open = await probe.submit({ statement: 'The city of Lyon planted 12,000 trees in 2023, according to the mayor.' });
    await reviewer.request(open);
    expect((await probe.claim(open)).status).toBe('awaiting_review');

    const reworded = await probe.submit({ statement: 'According to the mayor, Lyon planted 12,000 trees in 2023.' });
    const claim = await probe.untilStatus(reworded, 'duplicate');
    expect(claim.triage?.duplicateOf).toMatchObject({ kind: 'claim', claimId: open });
    expect((await probe.execution(reworded)).steps).toEqual(CLOSED_AT_TRIAGE_STEPS);
    expect((await probe.trail(reworded)).find((e) => e.type === 'triage.duplicate')?.detail).toMatchObject({ duplicateOf: { kind: 'claim', claimId: open } });
  });
});

describe('retriage', () => {
  it('re-scores a claim in review with the current model, records it in the trail, and keeps it open', async () => {
    const id = await probe.submit({ statement: 'I honestly believe our team played its best match of the season today.' });
    await reviewer.request(id);
    const { data: claim, response } = await probe.as(stack.keys['fact-checker'].key).POST('/claims/{id}/retriage', { params: { path: { id } }, body: {} });
    expect(response.status).toBe(200);
    expect(claim?.status).toBe('awaiting_review');
    expect(claim?.priority).toBe('low');
    expect(claim?.triage?.outcomeReason).toMatch(/^Re-triaged by /);
    const event = (await probe.trail(id)).find((e) => e.type === 'triage.rescored');
    expect(event?.detail).toMatchObject({ score: expect.any(Number), previousScore: expect.any(Number), priority: 'low' });
  });

  it('is refused to a reviewer (403) and on a withdrawn claim (409), as problem+json', async () => {
    const id = await probe.submit({ statement: 'The city of Graz planted 4,000 trees in 2024, according to the mayor.' });
    await reviewer.request(id);
    const retriage = (key: string, claimId = id) => probe.as(key).POST('/claims/{id}/retriage', { params: { path: { id: claimId } }, body: {} });
    expect((await retriage(stack.keys.reviewer.key)).response.status).toBe(403);
    const withdrawn = await probe.as(stack.keys['fact-checker'].key).POST('/claims/{id}/withdraw', { params: { path: { id } }, body: {} });
    expect(withdrawn.response.status).toBe(200);
    const { response, error } = await retriage(stack.keys.admin.key);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(error).toMatchObject({ status: 409 });
    expect((await retriage(stack.keys.admin.key, '01JD3Y5R6Q4M8X2V7N9B1C0KZT')).response.status).toBe(404);
  });
});
