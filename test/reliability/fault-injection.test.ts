/**
 * Faults injected by a faulty proxy in front of DynamoDB Local and of the local Step Functions service, at
 * each step of a claim's path. Whatever fails, every submitted claim ends in a recorded state, none is lost
 * or doubled, and the API answers 503 with Retry-After (never 500) when the cause is transient.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CALL_BUDGETS } from '../../shared/adapters/aws-clients.ts';
import { startPendingWorkflows } from '../../shared/domain/services/submission.ts';
import { faults } from '../support/fault-proxy.ts';
import { sendDecision } from '../support/reviewer.ts';
import { eventually } from '../support/test-stack.ts';
import { claimsWithStatement, executionsOf, startReliabilityStack, storedClaim, submission, submit, trail, type ReliabilityStack } from './stack.ts';

let r: ReliabilityStack;

beforeAll(async () => {
  r = await startReliabilityStack({ dynamoProxy: true, sfnProxy: true });
});

afterEach(() => {
  r.dynamo!.clear();
  r.sfn!.clear();
});

afterAll(async () => {
  await r?.stop();
});

async function expectTransient(res: Response): Promise<void> {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({ status: 503, type: '/problems/unavailable' });
}

async function awaitingReview(claimId: string): Promise<Record<string, unknown>> {
  return eventually(
    async () => {
      const c = await storedClaim(r, claimId);
      return c?.status === 'awaiting_review' && r.reviewer.forClaim(claimId).length > 0 ? c : undefined;
    },
    30_000,
    `claim ${claimId} to await review`,
  );
}

describe('DynamoDB faults at the API', () => {
  it('a throttled claim write answers 503 with Retry-After and stores nothing; the retry with the same Idempotency-Key stores exactly one claim', async () => {
    const body = submission('Bus fares in the capital rose by 14% in January 2025, the transport authority said.');
    r.dynamo!.inject({ operation: 'TransactWriteItems', bodyIncludes: 'claim.submitted', fault: faults.dynamoThrottle });
    await expectTransient(await submit(r, body, { idempotencyKey: 'throttled-write-0001' }));
    expect(await claimsWithStatement(r, body.statement)).toHaveLength(0);

    r.dynamo!.clear();
    const retried = await submit(r, body, { idempotencyKey: 'throttled-write-0001' });
    expect(retried.status).toBe(202);
    const { id } = (await retried.json()) as { id: string };
    await awaitingReview(id);
    expect(await claimsWithStatement(r, body.statement)).toHaveLength(1);
    expect(executionsOf(r, id)).toHaveLength(1);
  });

  it.each([
    ['an internal error', faults.dynamoInternal],
    ['throttling', faults.dynamoThrottle],
    ['a dropped connection (timeout)', { kind: 'drop', afterMs: 20 } as const],
  ])('%s while authenticating answers 503 with Retry-After, not 500', async (_name, fault) => {
    r.dynamo!.inject({ operation: 'GetItem', bodyIncludes: 'APIKEY#', fault });
    await expectTransient(
      await fetch(`${r.stack.apiUrl}/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT`, { headers: { authorization: `Bearer ${r.stack.keys.reviewer.key}` } }),
    );
  });

  it.each([
    ['authenticating (GetItem on the key)', 'GetItem', 'APIKEY#', '/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT'],
    ['listing claims (Query)', 'Query', 'STATUS#', '/claims?status=published'],
  ])('a frozen DynamoDB while %s answers 503 with Retry-After, not a request held until the database wakes', async (_name, operation, bodyIncludes, path) => {
    // The proxy never answers: without client deadlines the SDK would wait for it indefinitely.
    r.dynamo!.inject({ operation, bodyIncludes, fault: { kind: 'hang' } });
    await expectTransient(await fetch(`${r.stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${r.stack.keys.reviewer.key}` } }));
    // Bounded retries: the call was tried a bounded number of times, not until the test gave up.
    expect(r.dynamo!.injected.get(operation)).toBeLessThanOrEqual(AWS_CALL_BUDGETS.api.maxAttempts);
  });

  it('a slow DynamoDB (slower than usual, inside the call budget) delays the answer but changes nothing else', async () => {
    const body = submission('Rents in the harbour district rose by 9% in 2024, the housing agency said.');
    r.dynamo!.inject({ operation: 'TransactWriteItems', bodyIncludes: 'claim.submitted', times: 1, fault: { kind: 'delay', ms: 700 } });
    const res = await submit(r, body);
    expect(res.status).toBe(202);
    await awaitingReview(((await res.json()) as { id: string }).id);
    expect(await claimsWithStatement(r, body.statement)).toHaveLength(1);
  });
});

describe('Step Functions faults at the API', () => {
  it.each([
    ['throttled', faults.sfnThrottle],
    ['failing with an internal error', faults.sfnInternal],
  ])('StartExecution %s: the claim is stored as received and the reconciler starts its one workflow', async (_name, fault) => {
    const body = submission(`Electricity prices in the valley rose by ${_name.length}% in May 2025, the regulator said.`);
    r.sfn!.inject({ operation: 'StartExecution', fault });
    const res = await submit(r, body);
    expect(res.status).toBeLessThan(500);
    const claims = await claimsWithStatement(r, body.statement);
    expect(claims).toHaveLength(1);
    const id = String(claims[0]!.id);
    expect(claims[0]).toMatchObject({ status: 'received' });
    expect(claims[0]!.workflowStartedAt).toBeUndefined();

    r.sfn!.clear();
    await startPendingWorkflows(r.stack.runtime.services, 0);
    await awaitingReview(id);
    expect(executionsOf(r, id)).toHaveLength(1);
    expect(r.reviewer.forClaim(id)).toHaveLength(1);
    expect(await claimsWithStatement(r, body.statement)).toHaveLength(1);
  });

  it.each([
    ['throttled', faults.sfnThrottle, 22],
    ['failing with an internal error', faults.sfnInternal, 27],
  ])(
    'a callback %s answers the decision 503 with Retry-After; the reviewer retrying the same message resumes the workflow, which publishes once',
    async (name, fault, figure) => {
      const res = await submit(r, submission(`Tourist arrivals on the island fell by ${figure}% in 2024, the tourism board said.`));
      const { id } = (await res.json()) as { id: string };
      await awaitingReview(id);
      const request = r.reviewer.forClaim(id)[0]!;
      const decision = {
        reviewId: request.data.reviewId,
        reviewerId: r.stack.keys.reviewer.principalId,
        decision: 'approve',
        rating: 'mostly-true',
        summary: 'The board reports a 21% fall.',
      };

      const webhookId = `msg_callback_${name.replaceAll(' ', '_')}`;
      r.sfn!.inject({ operation: 'SendTaskSuccess', fault });
      await expectTransient(await sendDecision(r.stack.apiUrl, r.stack.secrets.reviewDecisionSecret, decision, { webhookId }));
      r.sfn!.clear();
      const retried = await sendDecision(r.stack.apiUrl, r.stack.secrets.reviewDecisionSecret, decision, { webhookId });
      expect(retried.status).toBe(200);

      await eventually(async () => ((await storedClaim(r, id))?.status === 'published' ? true : undefined), 20_000, 'publication');
      const events = await trail(r, id);
      expect(events.filter((t) => t === 'review.approve')).toHaveLength(1);
      expect(events.filter((t) => t === 'verdict.published')).toHaveLength(1);
    },
  );
});

describe('DynamoDB faults inside the workflow', () => {
  it('throttling in a step is retried by the state machine and the claim goes on', async () => {
    // Four throttles of the write of triage's trail events (after its claim update): the SDK gives up after
    // its three attempts, the Lambda fails with ProvisionedThroughputExceededException, and the state
    // machine's Retry runs it again, which makes the same move and writes the events once.
    r.dynamo!.inject({ operation: 'BatchWriteItem', bodyIncludes: '"triage.started"', times: 4, fault: faults.dynamoThrottle });
    const res = await submit(r, submission('Wheat yields on the plains fell by 17% in 2024, the farmers union said.'));
    const { id } = (await res.json()) as { id: string };
    await awaitingReview(id);
    expect(r.dynamo!.injected.get('BatchWriteItem')).toBe(4);
    expect(executionsOf(r, id)).toHaveLength(1);
    expect((await trail(r, id)).filter((t) => t === 'triage.started')).toHaveLength(1);
  });

  it('a step that keeps failing ends the claim as failed, with the cause on its trail', async () => {
    r.dynamo!.inject({ operation: 'BatchWriteItem', bodyIncludes: '"evidence.gathered"', fault: faults.dynamoInternal });
    const res = await submit(r, submission('Housing starts in the border towns doubled in 2024, the builders federation said.'));
    const { id } = (await res.json()) as { id: string };
    const failed = await eventually(
      async () => {
        const c = await storedClaim(r, id);
        return c?.status === 'failed' ? c : undefined;
      },
      40_000,
      'the claim to be recorded as failed',
    );
    expect(String(failed.closedReason)).toContain('InternalServerError');
    expect(await trail(r, id)).toContain('claim.failed');
    await eventually(async () => (executionsOf(r, id)[0]?.status === 'FAILED' ? true : undefined), 10_000, 'the execution to fail');
  });
});

describe('a decision racing a withdrawal', () => {
  it('a decision arriving once the withdrawal is stored is refused (409, naming the withdrawal) and nothing of it is stored', async () => {
    const res = await submit(r, submission('Ferry crossings to the outer islands fell by 23% in 2024, the harbour authority said.'));
    const { id } = (await res.json()) as { id: string };
    await awaitingReview(id);
    const [request] = r.reviewer.forClaim(id);
    // The withdrawal's claim write reaches DynamoDB at once but its answer is held back (well inside the
    // API's 1.4 s per-call budget, with room for a slow DynamoDB Local): the claim is withdrawn while the rest
    // of the withdrawal has not run yet.
    r.dynamo!.inject({ operation: 'TransactWriteItems', bodyIncludes: '"claim.withdrawn"', times: 1, fault: { kind: 'hold-answer', ms: 600 } });
    const withdrawal = fetch(`${r.stack.apiUrl}/claims/${id}/withdraw`, {
      method: 'POST',
      headers: { authorization: `Bearer ${r.stack.keys['fact-checker'].key}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await eventually(async () => ((await storedClaim(r, id))?.status === 'withdrawn' ? true : undefined), 5_000, 'the withdrawal to be stored');

    const decision = await sendDecision(r.stack.apiUrl, r.stack.secrets.reviewDecisionSecret, {
      reviewId: request!.data.reviewId,
      reviewerId: r.stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'mostly-true',
      summary: 'The harbour authority reports a 22.8% fall.',
    });
    const answer = (await decision.json()) as { result?: string; detail?: string };
    expect((await withdrawal).status).toBe(200);
    expect(decision.status, JSON.stringify(answer)).toBe(409);
    expect(answer.detail).toContain('withdrawn');

    const { Item: review } = await r.doc.send(
      new GetCommand({ TableName: r.stack.tableName, Key: { pk: `REVIEW#${request!.data.reviewId}`, sk: '#REVIEW' }, ConsistentRead: true }),
    );
    expect(review).toMatchObject({ status: 'cancelled', decisions: [] });
    const claim = await storedClaim(r, id);
    expect(claim).toMatchObject({ status: 'withdrawn', review: { status: 'cancelled' } });
    expect(await trail(r, id)).not.toContain('review.approve');
    await eventually(async () => (executionsOf(r, id)[0]?.status === 'ABORTED' ? true : undefined), 10_000, 'the execution to stop');
  });
});
