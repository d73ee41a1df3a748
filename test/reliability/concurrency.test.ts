/**
 * Concurrency: the same submission sent 100 times at once with one Idempotency-Key makes one claim and one
 * execution; 60 different claims submitted at once into the same listing buckets are all accepted and each
 * stored once; 50 decision webhooks for one review, concurrent and replayed, apply one decision and publish
 * once.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDecision } from '../support/reviewer.ts';
import { eventually } from '../support/test-stack.ts';
import { claimsWithStatement, executionsOf, startReliabilityStack, storedClaim, submission, submit, trail, type ReliabilityStack } from './stack.ts';

let r: ReliabilityStack;

beforeAll(async () => {
  r = await startReliabilityStack();
});

afterAll(async () => {
  await r?.stop();
});

async function awaitingReview(claimId: string) {
  return eventually(
    async () => {
      const c = await storedClaim(r, claimId);
      return c?.status === 'awaiting_review' && r.reviewer.forClaim(claimId).length > 0 ? r.reviewer.forClaim(claimId)[0] : undefined;
    },
    30_000,
    `claim ${claimId} to await review`,
  );
}

describe('concurrent duplicate submissions', () => {
  it('100 concurrent submissions with one Idempotency-Key store one claim and start one execution', async () => {
    const body = submission('Rainfall in the alpine valleys was 38% below average in the summer of 2024, the weather service said.');
    const responses = await Promise.all(Array.from({ length: 100 }, () => submit(r, body, { idempotencyKey: 'one-key-for-a-hundred' })));
    const statuses = responses.map((res) => res.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    // The others replay the claim (200) or, while the first is still being written, ask to retry (409).
    expect(statuses.every((s) => s === 202 || s === 200 || s === 409)).toBe(true);

    const ids = new Set(await Promise.all(responses.filter((res) => res.status < 300).map(async (res) => ((await res.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    await awaitingReview(id);
    expect(await claimsWithStatement(r, body.statement)).toHaveLength(1);
    expect(executionsOf(r, id)).toHaveLength(1);
    expect(r.reviewer.forClaim(id)).toHaveLength(1);
  });
});

describe('concurrent identical submissions without an Idempotency-Key', () => {
  it('30 identical statements submitted at once over HTTP: each is accepted, one reaches review, the other 29 close as its duplicates', async () => {
    const body = submission('Bus fares in the capital rose by 14% in January 2025, the transport authority said.');
    const responses = await Promise.all(Array.from({ length: 30 }, () => submit(r, body)));
    expect(responses.map((res) => res.status)).toEqual(Array(30).fill(202));
    const ids = await Promise.all(responses.map(async (res) => ((await res.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(30);

    const finals = await eventually(
      async () => {
        const claims = await Promise.all(ids.map((id) => storedClaim(r, id)));
        const settled = claims.every((c) => c?.status === 'awaiting_review' || c?.status === 'duplicate');
        return settled ? claims : undefined;
      },
      90_000,
      'every submission to reach review or close as a duplicate',
    );
    const reviewed = finals.filter((c) => c?.status === 'awaiting_review');
    expect(reviewed).toHaveLength(1);
    const owner = String(reviewed[0]?.id);
    const duplicates = finals.filter((c) => c?.status === 'duplicate');
    expect(duplicates).toHaveLength(29);
    for (const d of duplicates) expect(d).toMatchObject({ triage: { duplicateOf: { kind: 'claim', claimId: owner } } });
    await eventually(async () => r.reviewer.forClaim(owner)[0], 20_000, 'the review request');
    expect(ids.flatMap((id) => r.reviewer.forClaim(id))).toHaveLength(1);
  });
});

/** Every answer a submission got, in order; retried as the API asks (503 or 429 with Retry-After), with its Idempotency-Key. */
async function submitAsAClientWould(
  body: unknown,
  idempotencyKey: string,
): Promise<Array<{ status: number; retryAfter: string | null; contentType: string | null; id?: string }>> {
  const answers: Array<{ status: number; retryAfter: string | null; contentType: string | null; id?: string }> = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    const res = await submit(r, body, { idempotencyKey });
    const answer = { status: res.status, retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type') };
    if (res.status !== 503 && res.status !== 429) {
      answers.push({ ...answer, ...(res.status < 300 ? { id: ((await res.json()) as { id: string }).id } : {}) });
      return answers;
    }
    answers.push(answer);
    await res.body?.cancel();
    await new Promise((done) => setTimeout(done, Number(answer.retryAfter ?? 1) * 1000));
  }
  return answers;
}

describe('concurrent distinct submissions', () => {
  it('60 different claims submitted at once by one fact-checker under one new tag are all accepted, each stored once and started once', async () => {
    // One submitter, one tag, one month: every submission writes into the same submitter and tag buckets,
    // and the tag is new, so each also races to mark its month (the month index item and the tag's month set).
    const tag = `burst-${randomUUID().slice(0, 8)}`;
    const topics = ['Unemployment', 'Inflation', 'Rent', 'Rainfall', 'Tourism', 'Wheat yields'];
    const bodies = Array.from({ length: 60 }, (_, i) => ({
      ...submission(
        `${topics[i % topics.length]} in district ${i + 1} changed by ${(1.3 + i * 0.41).toFixed(2)}% in ${2001 + (i % 24)}, report ${5000 + i * 3} says.`,
      ),
      tags: [tag],
    }));
    const answers = await Promise.all(bodies.map((body, i) => submitAsAClientWould(body, `${tag}-${i}`)));

    // Accepted, first time or on a retry the API asked for: a replay (200) is the claim an attempt answered 503 stored.
    expect(answers.map((a) => a.at(-1)?.status).filter((status) => status !== 202 && status !== 200)).toEqual([]);
    // Anything before that was a retryable problem the client could act on: never another 5xx.
    for (const refused of answers.flatMap((a) => a.slice(0, -1))) {
      expect(refused).toMatchObject({
        status: 503,
        contentType: expect.stringContaining('application/problem+json'),
        retryAfter: expect.stringMatching(/^\d+$/),
      });
    }
    const ids = answers.map((a) => String(a.at(-1)?.id));
    expect(new Set(ids).size).toBe(60);

    // Stored once each: one claim item per submission, and the tag's listing names each once.
    const stored = await r.doc.send(
      new ScanCommand({
        TableName: r.stack.tableName,
        FilterExpression: 'entity = :claim AND contains(tags, :tag)',
        ExpressionAttributeValues: { ':claim': 'claim', ':tag': tag },
        ConsistentRead: true,
      }),
    );
    expect((stored.Items ?? []).map((i) => String(i.id)).sort()).toEqual([...ids].sort());
    const listed = await fetch(`${r.stack.apiUrl}/claims?tag=${tag}&limit=100`, { headers: { authorization: `Bearer ${r.stack.keys.admin.key}` } });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: Array<{ id: string }> }).items.map((c) => c.id).sort()).toEqual([...ids].sort());
    // Each has its one execution (started by the submission, or by the reconciler if the start was deferred).
    await eventually(async () => (ids.every((id) => executionsOf(r, id).length === 1) ? true : undefined), 120_000, 'one execution per claim');
  });
});

describe('concurrent and replayed decision webhooks', () => {
  it('50 decisions for one review — 10 messages each sent 5 times, all at once — apply one decision and publish once', async () => {
    const res = await submit(r, submission('Crime in the river towns fell by 11% in 2024, the police commissioner said.'));
    const { id } = (await res.json()) as { id: string };
    const request = await awaitingReview(id);
    const decision = {
      reviewId: request.data.reviewId,
      reviewerId: r.stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'mostly-true',
      summary: 'Police figures show a 10.6% fall.',
    };

    const sends = Array.from({ length: 50 }, (_, i) =>
      sendDecision(r.stack.apiUrl, r.stack.secrets.reviewDecisionSecret, decision, { webhookId: `msg_concurrent_${i % 10}` }),
    );
    const statuses = (await Promise.all(sends)).map((s) => s.status);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);

    await eventually(async () => ((await storedClaim(r, id))?.status === 'published' ? true : undefined), 20_000, 'publication');
    const { Item: review } = await r.doc.send(
      new GetCommand({ TableName: r.stack.tableName, Key: { pk: `REVIEW#${request.data.reviewId}`, sk: '#REVIEW' }, ConsistentRead: true }),
    );
    expect(review?.decisions).toHaveLength(1);
    const events = await trail(r, id);
    expect(events.filter((t) => t === 'review.approve')).toHaveLength(1);
    expect(events.filter((t) => t === 'verdict.published')).toHaveLength(1);
    const [execution] = executionsOf(r, id);
    await eventually(async () => (execution?.status === 'SUCCEEDED' ? true : undefined), 10_000, 'the execution to succeed');
    expect(
      execution!.history.filter((e) => e.type === 'TaskStateEntered' && (e.stateEnteredEventDetails as { name: string }).name === 'PublishVerdict'),
    ).toHaveLength(1);
    expect((await fetch(`${r.stack.apiUrl}/claims/${id}/verdict`, { headers: { authorization: `Bearer ${r.stack.keys.partner.key}` } })).status).toBe(200);
  });
});
