/**
 * README's examples, followed in order on a fresh stack, return what README says (#10 item 20): the
 * walkthrough's claim, then the Claims API's high-priority claim (read from README itself), which must not
 * close as a duplicate of the first, so its quorum of two can be seen; the listing bounded by today's
 * submission time finds it; the feed from today's start finds the walkthrough's verdict on its first page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schema } from '../../client/index.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { defaultRatingScale } from '../../shared/domain/rating-scale.ts';

const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
/** The JSON bodies README's `curl ... /claims ... -d '{...}'` submissions send, in README's order. */
const submissions = [...readme.matchAll(/localhost:3000\/claims (?:[^\n]|\\\n)*?-d '(\{[\s\S]*?\})'/g)].map(
  (m) => JSON.parse(m[1]!) as Schema<'ClaimSubmission'>,
);

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url, env: { FEED_SETTLE_MS: '0' } });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe("README's examples, in order", () => {
  it('return what README says they return', async () => {
    expect(submissions.length).toBeGreaterThanOrEqual(2);
    const [walkthrough, highPriority] = submissions as [Schema<'ClaimSubmission'>, Schema<'ClaimSubmission'>];
    expect(highPriority.priority).toBe('high');
    const fc = probe.as(stack.keys['fact-checker'].key);

    // Walkthrough: submit, review, publish.
    const first = await fc.POST('/claims', { body: walkthrough });
    const firstId = first.data!.id;
    const request = await reviewer.request(firstId);
    await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'unproven', summary: 'Only one intelligence service makes the claim.' });
    await probe.untilStatus(firstId, 'published');

    // Claims API: the high-priority claim reaches review (not a duplicate) and waits for two reviewers.
    const second = await fc.POST('/claims', { body: highPriority });
    const secondId = second.data!.id;
    const inReview = await probe.untilStatus(secondId, 'awaiting_review');
    expect(inReview.triage?.duplicateOf ?? null).toBeNull();
    expect(inReview.review).toMatchObject({ approvals: 0, approvalsRequired: 2 });

    // `status=awaiting_review&from=$(date -u +%F)`: today's submissions in review.
    const today = inReview.createdAt.slice(0, 10); // the claim's day, not the clock's (a run may cross midnight)
    const listed = await fc.GET('/claims', { params: { query: { status: 'awaiting_review', from: today } } });
    expect(listed.data?.items.map((c) => c.id)).toContain(secondId);

    // `verdicts/feed?since=$(date -u +%F)T00:00:00Z&limit=50`: the walkthrough's verdict on the first page.
    const feed = await eventually(async () => {
      const { data } = await probe.as(stack.keys.partner.key).GET('/verdicts/feed', { params: { query: { since: `${today}T00:00:00Z`, limit: 50 } } });
      return data && data.items.length > 0 ? data : undefined;
    });
    expect(feed.items).toEqual([expect.objectContaining({ event: 'verdict.published' })]);
  });
});

describe("README's rating ids", () => {
  it("are the built-in scale's, every one of them, in its order", () => {
    const listed = /the built-in scale's ids: ([^;]+);/.exec(readme.replace(/\s+/g, ' '))?.[1];
    expect(listed?.split(', ').map((id) => id.replaceAll('`', ''))).toEqual(defaultRatingScale.labels.map((l) => l.id));
  });
});
