/**
 * Secrets never reach the logs. The full path of a claim — submission, triage, evidence, a request for
 * changes, approval, publication — plus refused keys, a forged webhook, a throttled callback and a failing
 * step, all with the most verbose logging (Powertools TRACE), while every byte written to stdout and stderr
 * is captured. No task token, API key, key pepper or webhook secret may appear in any of it.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Before any module builds its logger: the most verbose level, and every write to stdout/stderr captured.
const captured = vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'TRACE';
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  return lines;
});

import { faults } from '../support/fault-proxy.ts';
import { sendDecision } from '../support/reviewer.ts';
import { eventually } from '../support/test-stack.ts';
import { startReliabilityStack, storedClaim, submission, submit, type ReliabilityStack } from './stack.ts';

let r: ReliabilityStack;

beforeAll(async () => {
  r = await startReliabilityStack({ sfnProxy: true, dynamoProxy: true, logLevel: 'TRACE' });
});

afterAll(async () => {
  await r?.stop();
});

async function reviewRound(claimId: string, round: number) {
  return eventually(async () => r.reviewer.forClaim(claimId).find((q) => q.data.round === round), 30_000, `review round ${round}`);
}

describe('secrets in logs', () => {
  it('no task token, API key, pepper or webhook secret appears in any log line of a full path at TRACE level', async () => {
    const { stack } = r;
    const decisionSecret = stack.secrets.reviewDecisionSecret;

    // Refused requests: a wrong key, a forged decision.
    await fetch(`${stack.apiUrl}/claims`, { headers: { authorization: 'Bearer ff_not_a_real_key_but_shaped_like_one_123456' } });
    await sendDecision(stack.apiUrl, `whsec_${Buffer.from('not the secret at all').toString('base64')}`, {
      reviewId: 'x',
      reviewerId: 'y',
      decision: 'approve',
    });

    // The full path, with a request for changes and a throttled callback on the way.
    const res = await submit(r, submission('Electricity prices in the island district rose by 31% in 2024, the energy regulator said.'), {
      idempotencyKey: 'secrets-full-path-1',
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const first = await reviewRound(id, 1);
    const reviewerId = stack.keys.reviewer.principalId;
    expect(
      (
        await sendDecision(stack.apiUrl, decisionSecret, {
          reviewId: first.data.reviewId,
          reviewerId,
          decision: 'request_changes',
          notes: 'Cite the regulator.',
        })
      ).status,
    ).toBe(200);
    const second = await reviewRound(id, 2);
    r.sfn!.inject({ operation: 'SendTaskSuccess', times: 6, fault: faults.sfnThrottle });
    const approve = { reviewId: second.data.reviewId, reviewerId, decision: 'approve', rating: 'true', summary: 'The regulator confirms 31%.' };
    expect((await sendDecision(stack.apiUrl, decisionSecret, approve, { webhookId: 'msg_secrets_approve' })).status).toBe(503);
    r.sfn!.clear();
    expect((await sendDecision(stack.apiUrl, decisionSecret, approve, { webhookId: 'msg_secrets_approve' })).status).toBe(200);
    await eventually(async () => ((await storedClaim(r, id))?.status === 'published' ? true : undefined), 20_000, 'publication');

    // A step that fails and is recorded as failed, logging its error.
    r.dynamo!.inject({ operation: 'BatchWriteItem', bodyIncludes: '"evidence.gathered"', fault: faults.dynamoInternal });
    const failing = await submit(r, submission('Bus fares in the river district doubled in 2024, the transport authority said.'));
    const failingId = ((await failing.json()) as { id: string }).id;
    await eventually(async () => ((await storedClaim(r, failingId))?.status === 'failed' ? true : undefined), 30_000, 'the failing claim to be recorded');
    r.dynamo!.clear();

    // Every task token issued for the claim's reviews, as stored server-side.
    const tokens: string[] = [];
    for (const reviewId of [first.data.reviewId, second.data.reviewId]) {
      const { Item } = await r.doc.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `REVIEW#${reviewId}`, sk: 'TOKEN' }, ConsistentRead: true }));
      if (Item?.taskToken) tokens.push(String(Item.taskToken));
    }
    const trail = await r.doc.send(
      new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CLAIM#${id}` } }),
    );
    expect(trail.Items?.length).toBeGreaterThan(0);
    expect(tokens.length).toBeGreaterThan(0);

    const secrets = [
      ...tokens,
      ...Object.values(stack.keys).map((k) => k.key),
      stack.secrets.apiKeyPepper,
      stack.secrets.reviewRequestSecret,
      stack.secrets.reviewRequestSecret.replace(/^whsec_/, ''),
      decisionSecret,
      decisionSecret.replace(/^whsec_/, ''),
    ];
    const log = captured.join('');
    // The capture saw the verbose logs of the whole path.
    expect(log).toContain('workflow step completed');
    expect(log).toContain('transient dependency failure');
    expect(log).toContain('workflow step failed');
    const leaks = secrets.filter((secret) => log.includes(secret));
    expect(leaks.map((s) => `${s.slice(0, 6)}… (${s.length} chars)`)).toEqual([]);
    expect(log).not.toMatch(/AQ[A-Za-z0-9_-]{80,}/);
  });
});
