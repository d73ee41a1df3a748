/**
 * Quorum and four-eyes rest on credentials, not on a name in a body: each reviewer integration signs with
 * its own secret and may speak only for the reviewers it is registered with; a reviewer may decide with
 * their own API key; a quorum counts distinct reviewers whose credentials were verified, so the holder of
 * the shared decision secret cannot meet a quorum of two alone.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { FactflowClient, Schema } from '../../client/index.ts';
import { createPrincipal } from '../../infra/local/principals.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();
let alice: { id: string; key: string };
let bob: { id: string; key: string };

const approve = { decision: 'approve', rating: 'mostly-true', summary: 'The official series shows the figure.' } as const;

async function reviewerPrincipal(id: string) {
  return { id, key: await createPrincipal(stack.runtime.principals, stack.runtime.pepper, { id, name: id, role: 'reviewer' }) };
}

async function signed(path: string, secret: string, data: Record<string, unknown>, webhookId = `msg_${randomUUID()}`): Promise<Response> {
  const at = new Date();
  const body = JSON.stringify({ type: 'review.decision', timestamp: at.toISOString(), data });
  return fetch(`${stack.apiUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
    },
    body,
  });
}

async function register(id: string, reviewers: string[]): Promise<{ status: number; secret: string; body: Record<string, unknown> }> {
  const { data, error, response } = await probe.as(stack.keys.admin.key).POST('/admin/reviewer-integrations', {
    body: { id, name: `Integration ${id}`, reviewers },
  });
  return { status: response.status, secret: data?.secret ?? '', body: { ...(data ?? error) } };
}

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
  alice = await reviewerPrincipal('alice-reviewer');
  bob = await reviewerPrincipal('bob-reviewer');
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe('the shared decision secret', () => {
  it("cannot meet a quorum of two alone by signing approvals in two reviewers' names", async () => {
    const id = await probe.submit({ statement: 'Greece welcomed 32 million visitors in 2023, the tourism ministry said.', priority: 'high' });
    const request = await reviewer.request(id);
    const one = await probe.decide(request.data.reviewId, approve, { reviewerId: alice.id });
    expect(await one.json()).toMatchObject({ result: 'recorded', approvals: 1, approvalsRequired: 2 });
    const two = await probe.decide(request.data.reviewId, approve, { reviewerId: bob.id });
    expect(two.status).toBe(200);
    expect(await two.json()).toMatchObject({ result: 'recorded', approvals: 1, approvalsRequired: 2 });
    expect((await probe.claim(id)).status).toBe('awaiting_review');

    // A reviewer verified by their own key completes the quorum.
    const carol = await reviewerPrincipal('carol-reviewer');
    const three = await probe.as(carol.key).POST('/reviews/{reviewId}/decision', { params: { path: { reviewId: request.data.reviewId } }, body: approve });
    expect(three.data).toMatchObject({ result: 'settled', approvals: 2 });
    await probe.untilStatus(id, 'published');
    const trail = await probe.trail(id);
    expect(trail.filter((e) => e.type === 'review.approve').map((e) => e.detail?.via)).toEqual(['shared-secret', 'shared-secret', 'reviewer-key']);
  });
});

describe('a reviewer integration', () => {
  it('is registered by an admin with the reviewers it may speak for; its secret is shown once, never listed', async () => {
    const reg = await register('desk-a-cms', [alice.id]);
    expect(reg.status).toBe(201);
    expect(reg.secret).toMatch(/^whsec_/);
    expect(reg.body).toMatchObject({
      integration: { id: 'desk-a-cms', reviewers: [alice.id], revoked: false, decisionUrl: expect.stringMatching(/\/webhooks\/review-decisions\/desk-a-cms$/) },
    });
    const listed = JSON.stringify((await probe.as(stack.keys.admin.key).GET('/admin/reviewer-integrations')).data);
    expect(listed).toContain('desk-a-cms');
    expect(listed).not.toContain(reg.secret);
    expect((await register('desk-a-cms', [alice.id])).status).toBe(409);
    expect((await register('ghost-cms', ['nobody-here'])).status).toBe(422);
    const asReviewer = await probe.as(alice.key).GET('/admin/reviewer-integrations');
    expect(asReviewer.response.status).toBe(403);
  });

  it('may decide only for its reviewers, with its own secret; quorum counts each verified reviewer once', async () => {
    const both = await register('desk-b-bridge', [alice.id, bob.id]);
    const onlyAlice = await register('desk-c-tool', [alice.id]);
    const id = await probe.submit({ statement: 'Croatia exported 4 billion euros of goods to Italy in 2023, the statistics bureau said.', priority: 'high' });
    const request = await reviewer.request(id);

    // Another reviewer's name, or another integration's secret: refused, nothing recorded.
    const notTheirs = await signed('/webhooks/review-decisions/desk-c-tool', onlyAlice.secret, {
      reviewId: request.data.reviewId,
      reviewerId: bob.id,
      ...approve,
    });
    expect(notTheirs.status).toBe(403);
    expect(((await notTheirs.json()) as { detail: string }).detail).toMatch(/not registered to speak for reviewer "bob-reviewer"/);
    const wrongSecret = await signed('/webhooks/review-decisions/desk-b-bridge', onlyAlice.secret, {
      reviewId: request.data.reviewId,
      reviewerId: alice.id,
      ...approve,
    });
    expect(wrongSecret.status).toBe(401);
    const unknown = await signed('/webhooks/review-decisions/no-such-tool', onlyAlice.secret, {
      reviewId: request.data.reviewId,
      reviewerId: alice.id,
      ...approve,
    });
    expect(unknown.status).toBe(401);
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ decisions: [] });

    const first = await signed('/webhooks/review-decisions/desk-c-tool', onlyAlice.secret, {
      reviewId: request.data.reviewId,
      reviewerId: alice.id,
      ...approve,
    });
    expect(await first.json()).toMatchObject({ result: 'recorded', approvals: 1 });
    const second = await signed('/webhooks/review-decisions/desk-b-bridge', both.secret, { reviewId: request.data.reviewId, reviewerId: bob.id, ...approve });
    expect(await second.json()).toMatchObject({ result: 'settled', approvals: 2 });
    await probe.untilStatus(id, 'published');
    expect((await probe.storedReview(request.data.reviewId)).decisions).toEqual([
      expect.objectContaining({ reviewerId: alice.id, via: 'integration:desk-c-tool' }),
      expect.objectContaining({ reviewerId: bob.id, via: 'integration:desk-b-bridge' }),
    ]);
  });

  it('once revoked, its signature is refused', async () => {
    const reg = await register('desk-d-old', [alice.id]);
    const revoked = await probe.as(stack.keys.admin.key).POST('/admin/reviewer-integrations/{id}/revoke', { params: { path: { id: 'desk-d-old' } }, body: {} });
    expect(revoked.data).toMatchObject({ id: 'desk-d-old', revoked: true });
    const id = await probe.submit({ statement: 'Slovenia generated 40 percent of its power from nuclear in 2023, the operator said.' });
    const request = await reviewer.request(id);
    const res = await signed('/webhooks/review-decisions/desk-d-old', reg.secret, { reviewId: request.data.reviewId, reviewerId: alice.id, ...approve });
    expect(res.status).toBe(401);
  });
});

describe("a reviewer's own API key", () => {
  it("decides in the key's name only, under four-eyes; a repeat is a replay; other roles are refused", async () => {
    const id = await probe.submit({ statement: 'Latvia planted 50 million trees in 2023, the forestry service said.' }, stack.keys.admin.key);
    const request = await reviewer.request(id);
    const decide = (client: FactflowClient, body: Schema<'ReviewerKeyDecision'> = approve) =>
      client.POST('/reviews/{reviewId}/decision', { params: { path: { reviewId: request.data.reviewId } }, body });

    expect((await decide(probe.as(stack.keys['fact-checker'].key))).response.status).toBe(403);
    expect((await decide(probe.anonymous)).response.status).toBe(401);
    // The admin submitted this claim: four-eyes holds on this route too.
    expect((await decide(probe.as(stack.keys.admin.key))).response.status).toBe(403);
    // The body cannot name someone else (the contract has no such field: sent as an untyped extra).
    const naming = { ...approve, reviewerId: bob.id };
    expect((await decide(probe.as(alice.key), naming)).response.status).toBe(422);

    // A rating missing or off the scale is a 422 naming the field and the ratings the scale has.
    const unrated = await decide(probe.as(alice.key), { decision: 'approve', summary: approve.summary });
    expect(unrated.response.status).toBe(422);
    expect(unrated.error).toMatchObject({ errors: [{ field: 'rating', rule: 'required' }] });
    const offScale = await decide(probe.as(alice.key), { ...approve, rating: 'mostly_true' });
    expect(offScale.response.status).toBe(422);
    expect(offScale.error).toMatchObject({ errors: [{ field: 'rating', rule: 'rating on the scale' }] });
    expect(offScale.error?.detail).toContain('use one of false, mostly-false, mixed, mostly-true, true');

    expect((await decide(probe.as(alice.key))).data).toMatchObject({ result: 'settled' });
    expect((await decide(probe.as(alice.key))).data).toMatchObject({ result: 'replay' });
    // Another decision on the settled round is not a replay of the first: it is refused, and nothing changes.
    const other = await decide(probe.as(alice.key), { decision: 'reject', reason: 'Changed my mind.' });
    expect(other.response.status).toBe(409);
    await probe.untilStatus(id, 'published');
    const trail = await probe.trail(id);
    expect(trail.find((e) => e.type === 'review.approve')).toMatchObject({ actor: `reviewer:${alice.id}`, detail: { via: 'reviewer-key' } });
    expect(trail.filter((e) => ['review.approve', 'review.reject', 'review.request_changes'].includes(e.type))).toHaveLength(1);
  });
});
