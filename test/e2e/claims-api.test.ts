/**
 * The claims API as a newsroom uses it, on the local stack (DynamoDB Local + local Step Functions): submit,
 * follow, list, read the trail, withdraw; retries with an Idempotency-Key; a claim stored while Step
 * Functions fails is started by the reconciler. Every response is checked against the OpenAPI document.
 */
import { ListExecutionsCommand, SFNClient, StartExecutionCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { handler as startPendingClaims } from '../../functions/maintenance/start-pending-claims.ts';
import { contractClient, type CheckedClient } from '../support/openapi-validator.ts';
import { sendDecision, TestReviewer } from '../support/reviewer.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { bucketOf, submitterListing } from '../../shared/adapters/dynamodb/partitions.ts';

let stack: LocalStack;
let api: CheckedClient;
const reviewer = new TestReviewer();
let doc: DynamoDBDocumentClient;
let sfn: SFNClient;

const submission = (
  statement = 'Some 3,000 North Korean troops are joining the Russian army in Ukraine, Ukrainian intelligence says.',
  extra: Record<string, unknown> = {},
) => ({
  statement,
  claimant: { name: 'Ukrainian military intelligence (HUR)' },
  appearances: [{ url: 'https://example-tabloid.co.uk/news/troops', date: '2024-10-04' }],
  tags: ['ukraine'],
  ...extra,
});

const key = (role: 'fact-checker' | 'reviewer' | 'partner' | 'admin') => stack.keys[role].key;

async function executionsNamed(name: string): Promise<number> {
  const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn, maxResults: 1000 }));
  return (out.executions ?? []).filter((e) => e.name === name).length;
}

async function claimItemsBy(principalId: string): Promise<number> {
  const out = await doc.send(
    new QueryCommand({
      TableName: stack.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      // This month's bucket of the submitter's partition (partitions.ts): the claims this test submits.
      ExpressionAttributeValues: { ':pk': bucketOf(submitterListing(principalId), new Date().toISOString()) },
    }),
  );
  return out.Items?.length ?? 0;
}

async function trail(claimId: string): Promise<Array<{ type: string; actor: string; detail?: Record<string, unknown> }>> {
  const out = await doc.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':e': 'EVENT#' },
    }),
  );
  return (out.Items ?? []) as Array<{ type: string; actor: string }>;
}

/** A fact-checker principal of its own (the seeded one is shared by the tests below). */
async function newFactChecker(id: string): Promise<string> {
  const res = await api('/admin/principals', { method: 'POST', key: key('admin'), json: { id, name: `Desk ${id}`, role: 'fact-checker' } });
  expect(res.status).toBe(201);
  return res.body.key.key as string;
}

beforeAll(async () => {
  await reviewer.start();
  // The tests below run the reconciler themselves; the stack's own, on its interval, would race them.
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url, reconcileEveryMs: 3_600_000, env: { RECONCILE_GRACE_SECONDS: '0' } });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  ({ api } = await contractClient(stack.apiUrl));
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  sfn = new SFNClient({});
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe('submitting and following a claim', () => {
  it('accepts a claim with 202 and links to the claim, its history and its verdict', async () => {
    const res = await api('/claims', { method: 'POST', key: key('fact-checker'), json: submission() });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'received', submittedBy: stack.keys['fact-checker'].principalId });
    expect(res.headers.get('location')).toBe(res.body.links.self);
    expect(res.body.links.history).toBe(`${res.body.links.self}/history`);
    const read = await api(`/claims/${res.body.id}`, { key: key('reviewer') });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(res.body.id);
  });

  it("lists the caller's own claims when no filter is given, newest first, page by page", async () => {
    const mine = await newFactChecker('lister');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api('/claims', {
        method: 'POST',
        key: mine,
        json: submission(`Claim number ${i} about the price of bread rising by 40 percent.`, { tags: ['bread'] }),
      });
      ids.push(res.body.id);
    }
    const seen: string[] = [];
    let path: string | null = '/claims?limit=2';
    let pages = 0;
    while (path) {
      const page: Awaited<ReturnType<CheckedClient>> = await api(path, { key: mine });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      path = page.body.links.next ? new URL(page.body.links.next).pathname + new URL(page.body.links.next).search : null;
      pages++;
    }
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('filters by submitter, tag, status and time range', async () => {
    const mine = await newFactChecker('filterer');
    const a = (
      await api('/claims', {
        method: 'POST',
        key: mine,
        json: submission('The mayor said the new bridge cost 12 million euros in 2023.', { tags: ['bridge'] }),
      })
    ).body;
    const b = (
      await api('/claims', {
        method: 'POST',
        key: mine,
        json: submission('The minister said 200,000 homes were built last year nationwide.', { tags: ['housing'] }),
      })
    ).body;

    const bySubmitter = await api('/claims?submitter=filterer', { key: key('reviewer') });
    expect(bySubmitter.body.items.map((c: { id: string }) => c.id)).toEqual([b.id, a.id]);

    const byTag = await api('/claims?tag=bridge', { key: key('admin') });
    expect(byTag.body.items.map((c: { id: string }) => c.id)).toEqual([a.id]);

    const window = await api(`/claims?submitter=filterer&from=${encodeURIComponent(b.createdAt)}&to=${encodeURIComponent(b.createdAt)}`, { key: key('admin') });
    expect(window.body.items.map((c: { id: string }) => c.id)).toEqual([b.id]);

    const before = await api('/claims?submitter=filterer&to=2000-01-01', { key: key('admin') });
    expect(before.body.items).toEqual([]);

    // Status is one index; combined with submitter it narrows the submitter query.
    await eventually(
      async () => {
        const byStatus = await api('/claims?status=awaiting_review&submitter=filterer', { key: key('admin') });
        return byStatus.body.items.length === 2 ? true : undefined;
      },
      30_000,
      'both claims to await review',
    );
    const awaiting = await api('/claims?status=awaiting_review&limit=100', { key: key('admin') });
    expect(awaiting.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('refuses a cursor from one listing on another', async () => {
    const first = await api('/claims?tag=ukraine&limit=1', { key: key('admin') });
    await api('/claims', { method: 'POST', key: key('fact-checker'), json: submission('A second claim tagged ukraine so that the listing has a next page.') });
    const again = await api('/claims?tag=ukraine&limit=1', { key: key('admin') });
    const cursor = (again.body.next ?? first.body.next) as string;
    expect(cursor).toEqual(expect.any(String));
    const misuse = await api(`/claims?tag=bread&cursor=${encodeURIComponent(cursor)}`, { key: key('admin') });
    expect(misuse.status).toBe(422);
    expect(misuse.body.errors[0].field).toBe('cursor');
  });
});

describe('the history and withdrawal', () => {
  it('pages through the trail; a withdrawal stops the execution and records who did it', async () => {
    const submitted = (
      await api('/claims', {
        method: 'POST',
        key: key('fact-checker'),
        json: submission('The central bank raised its main interest rate to 9 percent on Thursday.'),
      })
    ).body;
    await eventually(async () => (reviewer.forClaim(submitted.id)[0] ? true : undefined), 30_000, 'the review request');

    const intruder = await newFactChecker('intruder');
    const denied = await api(`/claims/${submitted.id}/withdraw`, { method: 'POST', key: intruder, json: {} });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('/problems/forbidden');

    const withdrawn = await api(`/claims/${submitted.id}/withdraw`, {
      method: 'POST',
      key: key('fact-checker'),
      json: { reason: 'Submitted twice by mistake.' },
    });
    expect(withdrawn.status).toBe(200);
    // The review closes with the claim: its summary no longer reads "open".
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      stage: 'closed',
      closedReason: 'Submitted twice by mistake.',
      review: { status: 'cancelled' },
    });
    expect((await api(`/claims/${submitted.id}`, { key: key('fact-checker') })).body.review).toMatchObject({ status: 'cancelled' });

    const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${submitted.id}`;
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described.status).toBe('ABORTED');

    const again = await api(`/claims/${submitted.id}/withdraw`, { method: 'POST', key: key('admin'), json: {} });
    expect(again.status).toBe(409);

    const events: Array<{ type: string; actor: string; detail?: { reason?: string } }> = [];
    let path: string | null = `/claims/${submitted.id}/history?limit=2`;
    while (path) {
      const page: Awaited<ReturnType<CheckedClient>> = await api(path, { key: key('reviewer') });
      expect(page.status).toBe(200);
      events.push(...page.body.items);
      path = page.body.next ? `/claims/${submitted.id}/history?limit=2&cursor=${encodeURIComponent(page.body.next)}` : null;
    }
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('claim.submitted');
    expect(types).toEqual(expect.arrayContaining(['workflow.started', 'triage.started', 'review.requested', 'claim.withdrawn']));
    expect(types.filter((t) => t === 'workflow.started')).toHaveLength(1);
    const withdrawal = events.find((e) => e.type === 'claim.withdrawn');
    expect(withdrawal).toMatchObject({ actor: stack.keys['fact-checker'].principalId, detail: { reason: 'Submitted twice by mistake.' } });
  });

  it('refuses to withdraw a published claim with 409', async () => {
    const submitted = (
      await api('/claims', {
        method: 'POST',
        key: key('fact-checker'),
        json: submission('Unemployment fell to 3.9 percent in March, the statistics office said.'),
      })
    ).body;
    const request = await eventually(async () => reviewer.forClaim(submitted.id)[0], 30_000, 'the review request');
    const decision = await sendDecision(stack.apiUrl, stack.secrets.reviewDecisionSecret, {
      reviewId: request.data.reviewId,
      reviewerId: stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'true',
      summary: 'The statistics office published exactly this figure.',
    });
    expect(decision.status).toBe(200);
    await eventually(
      async () => ((await api(`/claims/${submitted.id}`, { key: key('fact-checker') })).body.status === 'published' ? true : undefined),
      20_000,
      'publication',
    );
    const refused = await api(`/claims/${submitted.id}/withdraw`, { method: 'POST', key: key('admin'), json: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('/problems/conflict');
  });

  it('gives 404 for the history of an unknown claim', async () => {
    const res = await api('/claims/01J00000000000000000000000/history', { key: key('fact-checker') });
    expect(res.status).toBe(404);
  });
});

describe('idempotent submission', () => {
  it('returns the original claim for a repeat and refuses the same key with another body', async () => {
    const headers = { 'idempotency-key': 'retry-test-0001' };
    const first = await api('/claims', {
      method: 'POST',
      key: key('fact-checker'),
      headers,
      json: submission('Inflation reached 7 percent in the euro area last month, Eurostat said.'),
    });
    const repeat = await api('/claims', {
      method: 'POST',
      key: key('fact-checker'),
      headers,
      json: submission('Inflation reached 7 percent in the euro area last month, Eurostat said.'),
    });
    expect(first.status).toBe(202);
    expect(repeat.status).toBe(200);
    expect(repeat.body.id).toBe(first.body.id);
    const other = await api('/claims', {
      method: 'POST',
      key: key('fact-checker'),
      headers,
      json: submission('A different statement entirely about the euro area and its inflation.'),
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/problems/idempotency-key-reused');
  });

  it('50 parallel submissions with one key create one claim and one execution', async () => {
    const racer = await newFactChecker('racer');
    const body = submission('Fifty newsrooms reported that the dam holds 3 billion cubic metres of water.');
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => api('/claims', { method: 'POST', key: racer, headers: { 'idempotency-key': 'race-0000000001' }, json: body })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(responses.map((r) => r.body.id as string));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    expect(await claimItemsBy('racer')).toBe(1);
    expect(await executionsNamed(id)).toBe(1);
    const started = (await trail(id)).filter((e) => e.type === 'workflow.started');
    expect(started).toHaveLength(1);
  });
});

describe('a claim is never stored without its execution', () => {
  it('accepts the claim when Step Functions fails, and the reconciler starts exactly one execution', async () => {
    const faults = mockClient(SFNClient);
    faults.on(StartExecutionCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));
    let accepted: Awaited<ReturnType<CheckedClient>>;
    try {
      accepted = await api('/claims', {
        method: 'POST',
        key: key('fact-checker'),
        headers: { 'idempotency-key': 'crash-000000001' },
        json: submission('The city spent 45 million on the stadium roof, the auditor found.'),
      });
    } finally {
      faults.restore();
    }
    expect(accepted.status).toBe(202);
    const id = accepted.body.id as string;
    expect(await executionsNamed(id)).toBe(0);
    expect((await trail(id)).map((e) => e.type)).toEqual(['claim.submitted']);

    // The scheduled reconciler (the Lambda handler AWS runs) starts it, once, however often it runs.
    const first = await startPendingClaims();
    expect(first.claims.started).toContain(id);
    const second = await startPendingClaims();
    expect(second.claims.started).not.toContain(id);
    expect(await executionsNamed(id)).toBe(1);

    // A late retry of the same submission starts no second execution.
    const retry = await api('/claims', {
      method: 'POST',
      key: key('fact-checker'),
      headers: { 'idempotency-key': 'crash-000000001' },
      json: submission('The city spent 45 million on the stadium roof, the auditor found.'),
    });
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(id);
    expect(await executionsNamed(id)).toBe(1);
    expect((await trail(id)).filter((e) => e.type === 'workflow.started')).toHaveLength(1);
  });

  it('a claim written without a start (the process died) is started by the reconciler', async () => {
    const s = stack.runtime.services;
    const { newClaim } = await import('../../shared/domain/claim.ts');
    const claim = newClaim(
      s.ids.next(),
      submission('The harbour handled 14 million containers last year, the port authority says.'),
      'local-fact-checker',
      new Date(),
    );
    await s.claims.create(claim, { claimId: claim.id, id: s.ids.next(), type: 'claim.submitted', actor: 'local-fact-checker', at: claim.createdAt });
    expect(await executionsNamed(claim.id)).toBe(0);
    const result = await startPendingClaims();
    expect(result.claims.started).toContain(claim.id);
    expect(await executionsNamed(claim.id)).toBe(1);
    await eventually(
      async () => ((await api(`/claims/${claim.id}`, { key: key('admin') })).body.status !== 'received' ? true : undefined),
      20_000,
      'the workflow to move the claim',
    );
  });
});

describe('administration of principals and keys', () => {
  it('creates a principal with a key shown once, lists it by prefix, rotates and revokes keys', async () => {
    const created = await api('/admin/principals', { method: 'POST', key: key('admin'), json: { name: 'Partner desk', role: 'partner' } });
    expect(created.status).toBe(201);
    const { principal, key: issued } = created.body as { principal: { id: string }; key: { key: string; prefix: string } };
    expect(issued.key.startsWith(issued.prefix)).toBe(true);

    const listing = await api('/admin/principals', { key: key('admin') });
    const listed = listing.body.items.find((p: { id: string }) => p.id === principal.id);
    expect(listed.keys).toEqual([{ prefix: issued.prefix, createdAt: expect.any(String), revoked: false }]);
    expect(listing.text).not.toContain(issued.key);

    const second = await api(`/admin/principals/${principal.id}/keys`, { method: 'POST', key: key('admin'), json: {} });
    expect(second.status).toBe(201);
    expect((await api(`/claims/01J00000000000000000000000/verdict`, { key: second.body.key })).status).toBe(404);

    const dropped = await api(`/admin/principals/${principal.id}/keys/${issued.prefix}`, { method: 'DELETE', key: key('admin') });
    expect(dropped.status).toBe(204);
    expect((await api(`/claims/01J00000000000000000000000/verdict`, { key: issued.key })).status).toBe(401);
    expect((await api(`/claims/01J00000000000000000000000/verdict`, { key: second.body.key })).status).toBe(404);

    const revoked = await api(`/admin/principals/${principal.id}/revoke`, { method: 'POST', key: key('admin'), json: {} });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toBe(true);
    // Revoking a principal revokes every key it has, and the listing says so.
    expect(revoked.body.keys).toEqual(expect.arrayContaining([expect.objectContaining({ prefix: second.body.prefix, revoked: true })]));
    expect(revoked.body.keys.every((k: { revoked: boolean }) => k.revoked)).toBe(true);
    const afterRevoke = (await api('/admin/principals', { key: key('admin') })).body.items.find((p: { id: string }) => p.id === principal.id);
    expect(afterRevoke.keys.map((k: { revoked: boolean }) => k.revoked)).toEqual([true, true]);
    expect((await api(`/claims/01J00000000000000000000000/verdict`, { key: second.body.key })).status).toBe(401);
    expect((await api(`/admin/principals/${principal.id}/keys`, { method: 'POST', key: key('admin'), json: {} })).status).toBe(409);
  });

  it('refuses a duplicate principal id, unknown principals and self-revocation', async () => {
    expect((await api('/admin/principals', { method: 'POST', key: key('admin'), json: { id: 'dup-desk', name: 'A', role: 'reviewer' } })).status).toBe(201);
    expect((await api('/admin/principals', { method: 'POST', key: key('admin'), json: { id: 'dup-desk', name: 'B', role: 'reviewer' } })).status).toBe(409);
    expect((await api('/admin/principals/nobody/keys', { method: 'POST', key: key('admin'), json: {} })).status).toBe(404);
    expect((await api('/admin/principals/nobody/keys/ff_AAAAAAA', { method: 'DELETE', key: key('admin') })).status).toBe(404);
    expect((await api('/admin/principals/nobody/revoke', { method: 'POST', key: key('admin'), json: {} })).status).toBe(404);
    expect((await api(`/admin/principals/${stack.keys.admin.principalId}/revoke`, { method: 'POST', key: key('admin'), json: {} })).status).toBe(409);
  });

  it('checked every response against the OpenAPI document', () => {
    expect(api.checked).toBeGreaterThan(100);
  });
});
