/**
 * The seed-style case of #13 end to end, through HTTP on the local stack (the workflow synthesized from CDK):
 * a verdict on "some 3,000 North Korean troops" is published; rewordings of it are closed as duplicates of
 * that verdict; "nowhere near 3,000" on the same subject is not a duplicate: it goes to a reviewer, and the
 * signed review request carries the earlier verdict as related, with its similarity and rating (the
 * webhook payload contract, checked here by the payload the reviewer receives).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { reviewRequestData } from '../../shared/contracts/webhooks.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();
let original: string;

const claimant = { name: "Ukraine's military intelligence (HUR)" };
const appearances = [{ url: 'https://example.org/earlier-report', date: '2024-10-03' }];

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
  original = await probe.submit({ statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.', claimant, appearances });
  const request = await reviewer.request(original);
  await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'unproven', summary: 'Only one intelligence service gives the number.' });
  await probe.untilStatus(original, 'published');
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe('"some 3,000 North Korean troops"', () => {
  for (const rewording of [
    'North Korea is sending some 3,000 troops to join the Russian army in Ukraine.',
    'About 3,000 soldiers from North Korea are joining the Russian army in Ukraine.',
  ]) {
    it(`closes "${rewording}" as a duplicate of the verdict`, async () => {
      const id = await probe.submit({ statement: rewording, claimant, appearances });
      const claim = await probe.untilStatus(id, 'duplicate');
      expect(claim.triage?.duplicateOf).toMatchObject({ kind: 'verdict', claimId: original });
      expect(reviewer.forClaim(id)).toHaveLength(0);
    });
  }

  it('sends "nowhere near 3,000" to a reviewer with the earlier verdict as related, never as a duplicate', async () => {
    const id = await probe.submit({
      statement: 'Nowhere near 3,000 North Korean troops are joining the Russian army in Ukraine, officials said.',
      claimant,
      appearances,
    });
    const request = await reviewer.request(id);
    const claim = await probe.claim(id);
    expect(claim.status).toBe('awaiting_review');
    expect(claim.triage?.duplicateOf).toBeNull();
    const data = reviewRequestData.parse(request.data);
    expect(data.related?.[0]).toMatchObject({
      kind: 'verdict',
      claimId: original,
      statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.',
      verdict: { rating: { id: 'unproven' }, summary: 'Only one intelligence service gives the number.' },
    });
    expect(data.related?.[0]?.similarity).toBeGreaterThan(0.2);
    expect(data.related?.[0]?.verdict?.url).toMatch(new RegExp(`/claims/${original}/verdict/versions/1$`));
  });
});
