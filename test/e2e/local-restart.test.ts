import { createFactflowClient } from '../../client/index.ts';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
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

function options(over: { dataDir?: string; tableName?: string; env?: Record<string, string> } = {}): LocalStackOptions {
  return {
    port: 0,
    dataDir: over.dataDir ?? dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    template: JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate,
    tableName: over.tableName ?? 'restart-test',
    reviewerWebhookUrl: reviewer.url,
    env: { MEDIAWIKI_BASE_URL: 'off', ...over.env },
  };
}

async function storedReview(s: LocalStack, reviewId: string): Promise<Record<string, unknown> | undefined> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
  const { Item } = await doc.send(new GetCommand({ TableName: s.tableName, Key: { pk: `REVIEW#${reviewId}`, sk: '#REVIEW' }, ConsistentRead: true }));
  return Item;
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

  it('a review waiting across a restart keeps its original deadline: asked again, it escalates when it was due, not a full deadline later', async () => {
    const deadlineSeconds = 12;
    const own = { dataDir: mkdtempSync(path.join(tmpdir(), 'factflow-restart-deadline-')), tableName: 'restart-deadline-test' };
    const env = { REVIEW_DEADLINE_SECONDS: String(deadlineSeconds), REVIEW_ESCALATION_SECONDS: '3600' };
    let s = await startLocalStack(options({ ...own, env }));
    reviewer.requestSecret = s.secrets.reviewRequestSecret;
    const res = await fetch(`${s.apiUrl}/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.keys['fact-checker'].key}` },
      body: JSON.stringify({
        statement: 'The port authority handled 9.1 million containers in 2024, its chairman said.',
        claimant: { name: 'The port authority chairman' },
        appearances: [{ url: 'https://example.org/port', date: '2025-01-10' }],
      }),
    });
    const claim = (await res.json()) as { id: string };
    const first = await eventually(async () => reviewer.forClaim(claim.id)[0], 30_000, 'the first review request');
    const firstDeadline = String((await storedReview(s, first.data.reviewId))?.deadline);
    await s.stop();
    // Down until the first deadline has passed.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(firstDeadline) - Date.now()) + 500));

    s = await startLocalStack(options({ ...own, env }));
    try {
      expect(s.resumedExecutions).toEqual([claim.id]);
      const second = await eventually(async () => reviewer.forClaim(claim.id)[1], 30_000, 'the repeated review request');
      expect(second.data.reviewId).not.toBe(first.data.reviewId);
      expect((await storedReview(s, second.data.reviewId))?.deadline).toBe(firstDeadline);
      // Already overdue: the resumed task times out at once and the review escalates, well before a timer
      // restarted at the restart (a full deadline, 12 s) would have fired.
      const escalated = await eventually(
        async () => reviewer.forClaim(claim.id, 'review.escalated')[0],
        (deadlineSeconds - 4) * 1000,
        'the escalation at the original deadline',
      );
      expect(escalated.data.reviewId).toBe(second.data.reviewId);
    } finally {
      await s.stop();
    }
  });
});
