/**
 * Corrections go through sign-off like any decision: proposed through the API, decided by signed
 * webhooks under quorum and four-eyes, published as the next version with earlier versions readable,
 * recorded on the trail, and queued for partners as `verdict.corrected`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { sendDecision, TestReviewer } from '../support/reviewer.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { apiClient, extraPrincipal, publishedClaim, claimAwaitingReview } from './helpers.ts';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const reviewer = new TestReviewer();
let secondReviewer: { principalId: string; key: string };

const correction = {
  rating: 'false',
  summary: 'Two independent sources now contradict the number.',
  note: 'Corrected on 12 October: new evidence on troop numbers.',
};

beforeAll(async () => {
  await reviewer.start();
  // The delivery worker is kept idle here: this file checks the queued notification item itself.
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url, partnerDeliveryEveryMs: 3_600_000 });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  api = apiClient(stack);
  secondReviewer = await extraPrincipal(stack, 'second-reviewer', 'reviewer');
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

async function decide(reviewId: string, reviewerId: string, decision: Record<string, unknown>): Promise<Response> {
  return sendDecision(stack.apiUrl, stack.secrets.reviewDecisionSecret, { reviewId, reviewerId, ...decision });
}

async function propose(claimId: string, key = stack.keys.reviewer.key, body: Record<string, unknown> = correction): Promise<Response> {
  return api(`/claims/${claimId}/corrections`, { method: 'POST', key, json: body });
}

async function trail(claimId: string): Promise<Array<{ type: string; detail?: Record<string, unknown> }>> {
  const res = await api(`/claims/${claimId}/history?limit=100`, { key: stack.keys.admin.key });
  return ((await res.json()) as { items: Array<{ type: string; detail?: Record<string, unknown> }> }).items;
}

describe('a correction of a published verdict', () => {
  it('is signed off by another reviewer and published as version 2, version 1 staying readable', async () => {
    const claimId = await publishedClaim(stack, { rating: 'unproven' });
    const proposed = await propose(claimId);
    expect(proposed.status).toBe(202);
    const review = (await proposed.json()) as { reviewId: string; kind: string; baseVersion: number; status: string };
    expect(review).toMatchObject({ kind: 'correction', baseVersion: 1, status: 'open' });

    // The reviewers receive a signed review request for the correction.
    const request = await eventually(async () => reviewer.forClaim(claimId)[0], 10_000, 'the correction review request');
    expect(request.verified).toBe(true);
    expect(request.data).toMatchObject({
      kind: 'correction',
      reviewId: review.reviewId,
      correction: { rating: 'false', note: correction.note, currentVersion: 1 },
    });

    // Four-eyes: the proposer cannot approve their own correction.
    const own = await decide(review.reviewId, stack.keys.reviewer.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(own.status).toBe(403);
    expect(((await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key }).then((r) => r.json())) as { version: number }).version).toBe(1);

    const approved = await decide(review.reviewId, secondReviewer.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ result: 'settled', claimId });

    const latest = (await (await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key })).json()) as Record<string, unknown>;
    expect(latest).toMatchObject({
      version: 2,
      rating: { id: 'false' },
      summary: correction.summary,
      correctionNote: correction.note,
      reviewers: [secondReviewer.principalId],
    });
    const v1 = (await (await api(`/claims/${claimId}/verdict/versions/1`, { key: stack.keys.partner.key })).json()) as Record<string, unknown>;
    expect(v1).toMatchObject({ version: 1, rating: { id: 'unproven' } });
    expect(v1).not.toHaveProperty('correctionNote');

    const ld = (await (await api(`/claims/${claimId}/verdict?format=claimreview`, { key: stack.keys.partner.key })).json()) as Record<string, unknown>;
    expect(ld).toMatchObject({
      correction: correction.note,
      datePublished: v1.publishedAt,
      dateModified: latest.publishedAt,
      reviewRating: { alternateName: 'False', ratingValue: 1 },
    });

    const types = (await trail(claimId)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['verdict.published', 'correction.proposed', 'review.requested.delivered', 'review.approve', 'verdict.corrected']),
    );
    const corrected = (await trail(claimId)).find((e) => e.type === 'verdict.corrected');
    expect(corrected?.detail).toMatchObject({
      version: 2,
      previousVersion: 1,
      rating: 'false',
      note: correction.note,
      reviewId: review.reviewId,
      proposedBy: stack.keys.reviewer.principalId,
    });

    // Partners are notified: a verdict.corrected notification is queued in the same transaction.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const queued = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'NOTIFICATIONS#queued' },
      }),
    );
    expect((queued.Items ?? []).filter((n) => n.claimId === claimId).map((n) => [n.type, n.version])).toEqual(
      expect.arrayContaining([
        ['verdict.published', 1],
        ['verdict.corrected', 2],
      ]),
    );

    // A replay of the settling message changes nothing.
    const again = await decide(review.reviewId, secondReviewer.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(again.status).toBe(409);
    expect((await api(`/claims/${claimId}/verdict/versions/3`, { key: stack.keys.partner.key })).status).toBe(404);
  });

  it('needs the quorum on a high-priority claim', async () => {
    const claimId = await publishedClaim(stack, { priority: 'high' });
    const review = (await (await propose(claimId, stack.keys.admin.key)).json()) as { reviewId: string; approvalsRequired: number };
    expect(review.approvalsRequired).toBe(2);
    const first = await decide(review.reviewId, stack.keys.reviewer.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(await first.json()).toMatchObject({ result: 'recorded', approvals: 1 });
    expect((await api(`/claims/${claimId}/verdict/versions/2`, { key: stack.keys.partner.key })).status).toBe(404);
    // The second approval with the reviewer's own key: the shared decision secret counts once towards a quorum.
    const second = await api(`/reviews/${review.reviewId}/decision`, {
      method: 'POST',
      key: secondReviewer.key,
      json: { decision: 'approve', rating: 'false', summary: correction.summary },
    });
    expect(await second.json()).toMatchObject({ result: 'settled', approvals: 2 });
    expect((await api(`/claims/${claimId}/verdict/versions/2`, { key: stack.keys.partner.key })).status).toBe(200);
  });

  it('when rejected, publishes nothing, records why, and a new correction can be proposed', async () => {
    const claimId = await publishedClaim(stack);
    const review = (await (await propose(claimId)).json()) as { reviewId: string };
    const rejected = await decide(review.reviewId, secondReviewer.principalId, { decision: 'reject', reason: 'The new sources repeat the same report.' });
    expect(await rejected.json()).toMatchObject({ result: 'settled' });
    expect(((await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key }).then((r) => r.json())) as { version: number }).version).toBe(1);
    expect((await trail(claimId)).find((e) => e.type === 'correction.rejected')?.detail).toMatchObject({ reason: 'The new sources repeat the same report.' });
    expect((await propose(claimId)).status).toBe(202);
  });
});

describe('what approving a correction approves', () => {
  it('approves the proposal itself: an approval carrying another rating or summary is refused (409) and publishes nothing', async () => {
    const claimId = await publishedClaim(stack, { rating: 'unproven' });
    const review = (await (await propose(claimId)).json()) as { reviewId: string };

    const otherRating = await decide(review.reviewId, secondReviewer.principalId, {
      decision: 'approve',
      rating: 'true',
      summary: 'The number was confirmed.',
    });
    expect(otherRating.status).toBe(409);
    expect(((await otherRating.json()) as { detail: string }).detail).toMatch(/proposed.*"false".*request changes|propose/i);
    const otherSummary = await decide(review.reviewId, secondReviewer.principalId, { decision: 'approve', rating: 'false', summary: 'A different summary.' });
    expect(otherSummary.status).toBe(409);
    expect(((await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key }).then((r) => r.json())) as { version: number }).version).toBe(1);

    // Approving without restating the content approves the proposal as proposed.
    const approved = await decide(review.reviewId, secondReviewer.principalId, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ result: 'settled' });
    const latest = (await (await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key })).json()) as Record<string, unknown>;
    expect(latest).toMatchObject({ version: 2, rating: { id: 'false' }, summary: correction.summary, correctionNote: correction.note });
    expect((await trail(claimId)).find((e) => e.type === 'verdict.corrected')?.detail).toMatchObject({ rating: 'false' });
  });

  it("four-eyes: neither the claim's submitter nor the proposer can approve it, and each is told which rule applies", async () => {
    // A claim an admin submitted, corrected on a reviewer's proposal.
    const claimId = await publishedClaim(stack, { submittedBy: stack.keys.admin.principalId });
    const review = (await (await propose(claimId)).json()) as { reviewId: string };

    const bySubmitter = await decide(review.reviewId, stack.keys.admin.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(bySubmitter.status).toBe(403);
    expect(((await bySubmitter.json()) as { detail: string }).detail).toMatch(/submitted this claim/);

    const byProposer = await decide(review.reviewId, stack.keys.reviewer.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(byProposer.status).toBe(403);
    const detail = ((await byProposer.json()) as { detail: string }).detail;
    expect(detail).toMatch(/proposed this correction/);
    expect(detail).not.toMatch(/submitter/);

    expect(((await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key }).then((r) => r.json())) as { version: number }).version).toBe(1);
    const approved = await decide(review.reviewId, secondReviewer.principalId, { decision: 'approve', rating: 'false', summary: correction.summary });
    expect(await approved.json()).toMatchObject({ result: 'settled' });
  });
});

describe('proposals that are refused', () => {
  it('409 while another correction of the verdict awaits sign-off', async () => {
    const claimId = await publishedClaim(stack);
    expect((await propose(claimId)).status).toBe(202);
    const second = await propose(claimId, stack.keys.admin.key);
    expect(second.status).toBe(409);
  });

  it('409 for a claim with no published verdict, 404 for an unknown claim', async () => {
    const pending = await claimAwaitingReview(stack);
    expect((await propose(pending)).status).toBe(409);
    expect((await propose('01JD3Y5R6Q4M8X2V7N9B1C0KZT')).status).toBe(404);
  });

  it('422 naming the field for a rating off the scale or a missing note, with nothing written', async () => {
    const claimId = await publishedClaim(stack);
    const offScale = await propose(claimId, stack.keys.reviewer.key, { ...correction, rating: 'pants-on-fire' });
    expect(offScale.status).toBe(422);
    expect(((await offScale.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('rating');
    const noNote = await propose(claimId, stack.keys.reviewer.key, { rating: 'false', summary: 'x' });
    expect(noNote.status).toBe(422);
    expect(((await noNote.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('/note');
    expect((await trail(claimId)).map((e) => e.type)).not.toContain('correction.proposed');
  });

  it('403 for partners and fact-checkers', async () => {
    const claimId = await publishedClaim(stack);
    expect((await propose(claimId, stack.keys.partner.key)).status).toBe(403);
    expect((await propose(claimId, stack.keys['fact-checker'].key)).status).toBe(403);
  });
});
