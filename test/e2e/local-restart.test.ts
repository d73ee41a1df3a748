import { createFactflowClient } from '../../client/index.ts';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack.ts';
import { sendDecision, TestReviewer } from '../support/reviewer.ts';
import { eventually } from '../support/test-stack.ts';

const reviewer = new TestReviewer();
const dataDir = mkdtempSync(path.join(tmpdir(), 'factflow-restart-'));
let stack: LocalStack | undefined;

function options(): LocalStackOptions {
  return {
    port: 0,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    template: JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate,
    tableName: 'restart-test',
    reviewerWebhookUrl: reviewer.url,
    env: { MEDIAWIKI_BASE_URL: 'off' },
  };
}

beforeAll(async () => {
  await reviewer.start();
});
afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe('restarting the local stack (npm start keeps its data folder)', () => {
  it('keeps claims, keys and a workflow waiting for review, which resumes and can still be decided', async () => {
    stack = await startLocalStack(options());
    reviewer.requestSecret = stack.secrets.reviewRequestSecret;
    const firstKeys = stack.keys;
    const { data: claim } = await createFactflowClient({ baseUrl: stack.apiUrl, key: stack.keys['fact-checker'].key }).POST('/claims', {
      body: {
        statement: 'The city council approved a budget of 4.2 billion dollars for 2025, the mayor said on Monday.',
        claimant: { name: 'The mayor' },
        appearances: [{ url: 'https://example.org/budget', date: '2024-12-02' }],
      },
    });
    if (!claim) throw new Error('the claim was not accepted');
    await eventually(async () => reviewer.forClaim(claim.id)[0], 30_000, 'the first review request');
    await stack.stop();

    stack = await startLocalStack(options());
    expect(stack.keys).toEqual(firstKeys);
    expect(stack.resumedExecutions).toEqual([claim.id]);
    // The review is asked again with a fresh task token; the old review is closed and can no longer be decided.
    const requests = await eventually(
      async () => (reviewer.forClaim(claim.id).length >= 2 ? reviewer.forClaim(claim.id) : undefined),
      30_000,
      'the repeated review request',
    );
    const [first, second] = requests;
    expect(second!.data.reviewId).not.toBe(first!.data.reviewId);

    const stale = await sendDecision(stack.apiUrl, stack.secrets.reviewDecisionSecret, {
      reviewId: first!.data.reviewId,
      reviewerId: stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'true',
      summary: 'Matches the council minutes.',
    });
    expect(stale.status).toBe(409); // the first review was closed when the task asked again
    const decision = await sendDecision(stack.apiUrl, stack.secrets.reviewDecisionSecret, {
      reviewId: second!.data.reviewId,
      reviewerId: stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'true',
      summary: 'Matches the council minutes.',
    });
    expect(decision.status).toBe(200);

    const sfn = new SFNClient({});
    const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claim.id}`;
    await eventually(
      async () => ((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'SUCCEEDED' ? true : undefined),
      20_000,
      'the resumed execution to succeed',
    );
    const partner = createFactflowClient({ baseUrl: stack.apiUrl, key: stack.keys.partner.key });
    expect((await partner.GET('/claims/{id}/verdict', { params: { path: { id: claim.id } } })).response.status).toBe(200);
  });
});
