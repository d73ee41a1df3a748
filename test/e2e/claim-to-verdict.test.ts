import { GetExecutionHistoryCommand, DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFactflowClient } from '../../client/index.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { sendDecision, TestReviewer } from '../support/reviewer.ts';

let stack: LocalStack;
const reviewer = new TestReviewer();

const submission = {
  statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine, according to Ukrainian military intelligence.',
  claimant: { name: 'Ukrainian military intelligence (HUR)', role: 'intelligence agency' },
  appearances: [
    { url: 'https://example-tabloid.co.uk/news/troops', date: '2024-10-04' },
    { url: 'https://example.org/earlier-report', date: '2024-10-03' },
  ],
  context: 'A Kremlin spokesman dismissed the report.',
  tags: ['ukraine', 'north-korea'],
};

/** The typed client (client/, generated from /openapi.json) acting with `key`. */
const as = (key: string) => createFactflowClient({ baseUrl: stack.apiUrl, key });

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe('a claim travels from submission to a published verdict', () => {
  it('is triaged, gathers evidence, is reviewed by signed webhooks and published', async () => {
    const submitted = await as(stack.keys['fact-checker'].key).POST('/claims', { body: submission });
    expect(submitted.response.status).toBe(202);
    const claim = submitted.data!;
    expect(claim.firstAppearance?.url).toBe('https://example.org/earlier-report');
    expect(submitted.response.headers.get('location')).toBe(claim.links.self);

    // The review request arrives at the reviewer's endpoint, signed per Standard Webhooks.
    const request = await eventually(async () => reviewer.forClaim(claim.id)[0], 30_000, 'the review request');
    expect(request.verified).toBe(true);
    expect(request.data.claim.statement).toBe(submission.statement);
    expect(JSON.stringify(request)).not.toMatch(/AQ[A-Za-z0-9_-]{80,}/); // no task token leaves the system

    const { data: pending } = await as(stack.keys.reviewer.key).GET('/claims/{id}', { params: { path: { id: claim.id } } });
    expect(pending?.status).toBe('awaiting_review');
    expect(pending?.stage).toBe('review');
    expect(pending?.triage?.checkWorthiness.score).toBeGreaterThan(0.5);
    expect(pending?.triage?.language.code).toBe('en');
    expect(pending?.review?.reviewId).toBe(request.data.reviewId);

    const decision = await sendDecision(stack.apiUrl, stack.secrets.reviewDecisionSecret, {
      reviewId: request.data.reviewId,
      reviewerId: stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'unproven',
      summary: 'Only one intelligence service makes the claim; the Kremlin denies it and no independent source confirms the number.',
    });
    expect(decision.status).toBe(200);
    expect(await decision.json()).toMatchObject({ result: 'settled', claimId: claim.id });

    const published = await eventually(
      async () => {
        const { data } = await as(stack.keys['fact-checker'].key).GET('/claims/{id}', { params: { path: { id: claim.id } } });
        return data?.status === 'published' ? data : undefined;
      },
      20_000,
      'the claim to be published',
    );
    expect(published.verdict?.version).toBe(1);

    const verdictRes = await as(stack.keys.partner.key).GET('/claims/{id}/verdict', { params: { path: { id: claim.id } } });
    expect(verdictRes.response.status).toBe(200);
    const verdict = verdictRes.data!;
    expect(verdict).toMatchObject({
      claimId: claim.id,
      version: 1,
      rating: { id: 'unproven', label: 'Unproven' },
      // Partners see reviewers by their public display name, never by principal id.
      reviewers: ['Local reviewer'],
    });
    expect(verdict).toMatchObject({ claim: { firstAppearance: { url: 'https://example.org/earlier-report' } } });

    // What is stored in DynamoDB.
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const stored = await doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `CLAIM#${claim.id}`, sk: '#CLAIM' } }));
    expect(stored.Item).toMatchObject({ status: 'published', verdictVersion: 1, gsi1pk: expect.stringMatching(/^STATUS#published#\d{4}-\d{2}$/) });
    const trail = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claim.id}`, ':e': 'EVENT#' },
      }),
    );
    const types = (trail.Items ?? []).map((i) => i.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'claim.submitted',
        'workflow.started',
        'triage.started',
        'triage.completed',
        'evidence.gathered',
        'review.requested',
        'review.requested.delivered',
        'review.approve',
        'verdict.published',
      ]),
    );
    const token = await doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `REVIEW#${request.data.reviewId}`, sk: 'TOKEN' } }));
    expect(token.Item?.taskToken).toMatch(/^AQ/); // stored server-side, with a TTL
    expect(token.Item?.expiresAt).toBeGreaterThan(Date.now() / 1000);

    // The execution, named after the claim, ran the synthesized workflow to the end.
    const sfn = new SFNClient({});
    const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claim.id}`;
    const described = await eventually(
      async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'SUCCEEDED' ? d : undefined;
      },
      10_000,
      'the execution to succeed',
    );
    expect(described.name).toBe(claim.id);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    const entered = (history.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);
    // The Standard execution bills the states that need durability: the automated steps are one Task.
    expect(entered).toEqual(['RunAutomatedSteps', 'AutomatedOutcome', 'RequestReview', 'Decision', 'PublishVerdict']);
    // That Task started the Express child and names it: each automated step is in the child's events.
    const startedChild = (history.events ?? []).find((e) => e.type === 'TaskSubmitted' && e.taskSubmittedEventDetails?.resource === 'startExecution.sync:2');
    const childArn = (JSON.parse(startedChild?.taskSubmittedEventDetails?.output ?? '{}') as { ExecutionArn?: string }).ExecutionArn;
    const [child] = stack.engine.childExecutions(executionArn);
    expect(child?.executionArn).toBe(childArn);
    expect(childArn).toMatch(/:express:/);
    expect(child?.status).toBe('SUCCEEDED');
    expect(JSON.parse(child!.input)).toMatchObject({ claimId: claim.id, round: 1, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn });
    expect(child!.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name)).toEqual([
      'FirstRound',
      'Triage',
      'TriageOutcome',
      'GatherEvidence',
      'GatherFromProvider',
      'RecordEvidence',
      'ReadyForReview',
    ]);
    expect(JSON.stringify(child!.history)).not.toContain('"error"');
    expect(JSON.stringify(history.events)).not.toContain('"error"');
  });
});
