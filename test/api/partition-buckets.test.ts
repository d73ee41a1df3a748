/**
 * #16.2: the partitions that would grow forever (a tag's, a submitter's, a terminal status's) are cut by
 * month (shared/adapters/dynamodb/partitions.ts). Listings still page newest first through every month,
 * skip the quiet ones without a request each (at most two requests a page; a tag's first page four when
 * the current month is quiet),
 * and keep their cursors bound to the listing. A table written before the buckets is moved into them by
 * `npm run backfill:partitions`; a rerun changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { runPartitionsCli } from '../../infra/local/partitions-cli.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { newClaim, type Claim, type ClaimStatus } from '../../shared/domain/claim.ts';
import type { ClaimListFilter } from '../../shared/domain/ports.ts';
import { submission } from '../partners/helpers.ts';

const tableName = `test-${randomBytes(6).toString('hex')}`;
const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
let requests = 0;
/** What each request read: `Query <pk>` or the command's name. */
const sent: string[] = [];
client.middlewareStack.add(
  (next) => (args) => {
    requests += 1;
    const input = args.input as { ExpressionAttributeValues?: Record<string, string | { S?: string }>; RequestItems?: unknown };
    const value = input.ExpressionAttributeValues?.[':pk'];
    const pk = typeof value === 'string' ? value : value?.S;
    sent.push(pk !== undefined ? `Query ${pk}` : input.RequestItems !== undefined ? 'BatchGetItem' : 'other');
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);
const table = { doc: createDocumentClient(client), tableName };
/** The clock a tag's first page takes the current month from: mid-June 2025 unless a test moves it. */
const JUNE = new Date('2025-06-15T12:00:00Z');
let now = JUNE;
const codec = new CursorCodec('partition-buckets-test-secret');
/** A repository as a fresh process builds it: no tag's month set remembered yet. */
const freshProcess = () => new DynamoClaimRepository(table, codec, () => now);
let claims = freshProcess();
/** A fresh process whose clock reads `at`, as `claims` (the clock goes back to mid-June after each test). */
function processAt(at: string): DynamoClaimRepository {
  now = new Date(at);
  claims = freshProcess();
  return claims;
}

/** Claims in January, February and June 2025 (March to May quiet), three submitters' worth on one desk. */
const CREATED = ['2025-01-05', '2025-01-20', '2025-02-11', '2025-06-01', '2025-06-02', '2025-06-30'];
const ids = CREATED.map((_, i) => `01JPARTITION00000000000${String(i).padStart(3, '0')}`);

/** Every page of a listing; `perPage`: the DynamoDB requests each page made, first page first. */
async function walk(filter: ClaimListFilter, limit: number): Promise<{ ids: string[]; pages: number; maxRequests: number; perPage: number[] }> {
  const seen: string[] = [];
  const perPage: number[] = [];
  let after: string | undefined;
  do {
    const before = requests;
    const page = await claims.list(filter, after === undefined ? { limit } : { limit, after });
    perPage.push(requests - before);
    seen.push(...page.items.map((c) => c.id));
    after = page.next ?? undefined;
  } while (after !== undefined && perPage.length < 50);
  return { ids: seen, pages: perPage.length, maxRequests: Math.max(...perPage), perPage };
}

/** A first page (no cursor) and the requests it made, as `sent` records them. */
async function firstPage(repository: DynamoClaimRepository, filter: ClaimListFilter, limit: number): Promise<{ ids: string[]; sent: string[] }> {
  sent.length = 0;
  const page = await repository.list(filter, { limit });
  return { ids: page.items.map((c) => c.id), sent: [...sent] };
}

beforeAll(async () => {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  await ensureTable(client, template, tableName);
  for (const [i, day] of CREATED.entries()) {
    const claim = newClaim(ids[i] as string, submission({ tags: ['economy'] }), 'desk-a', new Date(`${day}T09:00:00Z`));
    await claims.create(claim, { claimId: claim.id, id: `01JEVENT${i}`, type: 'claim.submitted', actor: 'desk-a', at: claim.createdAt });
  }
});

afterEach(() => {
  now = JUNE;
});
afterAll(() => client.destroy());

describe('month-bucketed listings', () => {
  const newestFirst = [...ids].reverse();

  it.each([
    ['tag', { tag: 'economy' }],
    ['submitter', { submittedBy: 'desk-a' }],
  ] as const)('list by %s newest first across months, quiet months skipped, at most two requests a page', async (_name, filter) => {
    for (const limit of [1, 2, 10]) {
      const { ids: seen, perPage } = await walk(filter, limit);
      expect(seen).toEqual(newestFirst);
      // A submitter page: month index Query, bucket Query. A tag page: bucket Query, then one BatchGetItem
      // of its claims and (entering a month) the tag's month set; its first page starts at this month.
      for (const n of perPage) expect(n).toBeLessThanOrEqual(2);
    }
  });

  it('a tag page entering a month after quiet months is two requests: no month index Query', async () => {
    claims = freshProcess();
    sent.length = 0;
    const first = await claims.list({ tag: 'economy' }, { limit: 4 });
    expect(first.items.map((c) => c.id)).toEqual(newestFirst.slice(0, 3));
    // The first page starts at the clock's month: June's bucket, then June's claims with the month set.
    expect(sent).toEqual(['Query TAG#economy#2025-06', 'BatchGetItem']);
    sent.length = 0;
    // June's bucket ended on page 1; page 2 enters February (March to May quiet) from the cursor, and
    // learns January from the month set read with February's claims.
    const second = await claims.list({ tag: 'economy' }, { limit: 4, after: first.next ?? '' });
    expect(second.items.map((c) => c.id)).toEqual([ids[2]]);
    expect(sent).toEqual(['Query TAG#economy#2025-02', 'BatchGetItem']);
    sent.length = 0;
    const third = await claims.list({ tag: 'economy' }, { limit: 4, after: second.next ?? '' });
    expect(third.items.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    expect(third.next).toBeNull();
    expect(sent).toEqual(['Query TAG#economy#2025-01', 'BatchGetItem']);
  });

  it('a tag whose current month is quiet: a fresh process reads the newest month the set names (four requests), a warm one starts there (two)', async () => {
    processAt('2025-08-03T08:00:00Z');
    expect(await firstPage(claims, { tag: 'economy' }, 2)).toEqual({
      ids: newestFirst.slice(0, 2),
      sent: ['Query TAG#economy#2025-08', 'BatchGetItem', 'Query TAG#economy#2025-06', 'BatchGetItem'],
    });
    // The same process again: it remembers the set, starts at June, and the set read with June's claims
    // confirms it.
    expect(await firstPage(claims, { tag: 'economy' }, 2)).toEqual({ ids: newestFirst.slice(0, 2), sent: ['Query TAG#economy#2025-06', 'BatchGetItem'] });
    const { ids: seen, perPage } = await walk({ tag: 'economy' }, 2);
    expect(seen).toEqual(newestFirst);
    for (const n of perPage) expect(n).toBeLessThanOrEqual(2);
    // A time range ending in a quiet month: a fresh process starts at the range's last month; a warm
    // one at the newest month of the set inside the range.
    processAt(JUNE.toISOString());
    const ranged = { tag: 'economy', to: '2025-04-30' };
    expect(await firstPage(claims, ranged, 10)).toEqual({
      ids: [ids[2]],
      sent: ['Query TAG#economy#2025-04', 'BatchGetItem', 'Query TAG#economy#2025-02', 'BatchGetItem'],
    });
    expect(await firstPage(claims, ranged, 10)).toEqual({ ids: [ids[2]], sent: ['Query TAG#economy#2025-02', 'BatchGetItem'] });
    expect((await walk({ tag: 'economy', to: '2025-04-30' }, 10)).ids).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('a month with claims after the one a first page started at: the set names it, and its claims are listed first', async () => {
    // The clock in April (a claim dated after this clock's month: June's) ...
    processAt('2025-04-10T08:00:00Z');
    expect(await firstPage(claims, { tag: 'economy' }, 10)).toEqual({
      ids: newestFirst.slice(0, 3),
      sent: ['Query TAG#economy#2025-04', 'BatchGetItem', 'Query TAG#economy#2025-06', 'BatchGetItem'],
    });
    expect((await walk({ tag: 'economy' }, 10)).ids).toEqual(newestFirst);
    // ... and a process that remembers the set from before a month was added: that month is read, not missed.
    const remembered = processAt('2025-07-20T08:00:00Z');
    await remembered.list({ tag: 'economy' }, { limit: 1 });
    const july = newClaim('01JPARTITION00000000000JUL', submission({ tags: ['economy'] }), 'desk-b', new Date('2025-07-02T09:00:00Z'));
    await claims.create(july, { claimId: july.id, id: '01JEVENTJUL', type: 'claim.submitted', actor: 'desk-b', at: july.createdAt });
    try {
      expect(await firstPage(remembered, { tag: 'economy' }, 10)).toEqual({
        ids: [july.id],
        sent: ['Query TAG#economy#2025-06', 'BatchGetItem', 'Query TAG#economy#2025-07', 'BatchGetItem'],
      });
    } finally {
      // The other tests' table again: no July claim, entry, month marker or month in the set.
      for (const Key of [
        { pk: 'TAG#economy#2025-07', sk: `${july.createdAt}#${july.id}` },
        { pk: `CLAIM#${july.id}`, sk: '#CLAIM' },
        { pk: 'MONTHS#TAG#economy', sk: '2025-07' },
      ]) {
        await table.doc.send(new DeleteCommand({ TableName: tableName, Key }));
      }
      await table.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'MONTHSET#TAG#economy', sk: 'months' },
          UpdateExpression: 'DELETE months :m',
          ExpressionAttributeValues: { ':m': new Set(['2025-07']) },
        }),
      );
    }
  });

  it('pages a tag without its month set (a table the backfill has not rerun on) through the month index', async () => {
    const key = { pk: 'MONTHSET#TAG#economy', sk: 'months' };
    const set = await table.doc.send(new GetCommand({ TableName: tableName, Key: key }));
    await table.doc.send(new DeleteCommand({ TableName: tableName, Key: key }));
    try {
      for (const limit of [1, 2, 10]) {
        const { ids: seen, perPage } = await walk({ tag: 'economy' }, limit);
        expect(seen).toEqual(newestFirst);
        // The first page's guess cannot be checked without the set (2 requests), so it is read again
        // through the month index (3); later pages ask the index for the month before at a month's end.
        const [first, ...rest] = perPage;
        expect(first).toBeLessThanOrEqual(5);
        for (const n of rest) expect(n).toBeLessThanOrEqual(3);
      }
    } finally {
      await table.doc.send(new PutCommand({ TableName: tableName, Item: set.Item }));
    }
  });

  it('bounds the months by the time range', async () => {
    const { ids: seen } = await walk({ submittedBy: 'desk-a', from: '2025-01-15', to: '2025-06-01' }, 10);
    expect(seen).toEqual([ids[3], ids[2], ids[1]]);
  });

  it('refuses a cursor from another listing', async () => {
    const page = await claims.list({ tag: 'economy' }, { limit: 1 });
    await expect(claims.list({ submittedBy: 'desk-a' }, { limit: 1, after: page.next ?? '' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('backfilling the month buckets', () => {
  /** A claim and tag entry as written before the buckets: unbucketed gsi1pk, gsi2pk and tag pk. */
  async function legacyClaim(id: string, createdAt: string, status: ClaimStatus): Promise<void> {
    const claim: Claim = { ...newClaim(id, submission({ tags: ['health'] }), 'desk-old', new Date(createdAt)), status };
    await table.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...claim,
          pk: `CLAIM#${id}`,
          sk: '#CLAIM',
          entity: 'claim',
          gsi1pk: `STATUS#${status}`,
          gsi1sk: `${claim.createdAt}#${id}`,
          gsi2pk: 'SUBMITTER#desk-old',
          gsi2sk: `${claim.createdAt}#${id}`,
        },
      }),
    );
    await table.doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'TAG#health', sk: `${claim.createdAt}#${id}`, entity: 'tag', claimId: id } }));
  }

  it('moves claims and tag entries written before the buckets into them, and a rerun changes nothing', async () => {
    await legacyClaim('01JLEGACY0000000000000001', '2024-11-03T10:00:00.000Z', 'published');
    await legacyClaim('01JLEGACY0000000000000002', '2025-02-14T10:00:00.000Z', 'awaiting_review');
    const everywhere = async () => [
      (await walk({ tag: 'health' }, 10)).ids,
      (await walk({ submittedBy: 'desk-old' }, 10)).ids,
      (await walk({ status: 'published', from: '2024-11-01', to: '2024-11-30' }, 10)).ids,
    ];
    expect(await everywhere(), 'before the backfill the old claims are not in any bucket').toEqual([[], [], []]);

    const out: string[] = [];
    const cli = () =>
      runPartitionsCli(['--endpoint', inject('dynamoEndpoint'), '--table', tableName], {}, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(await cli()).toBe(0);
    expect(out.at(-1)).toMatch(/^2 claims and 2 tag entries moved into month buckets; \d+ listing months indexed$/);
    const listed = [
      ['01JLEGACY0000000000000002', '01JLEGACY0000000000000001'],
      ['01JLEGACY0000000000000002', '01JLEGACY0000000000000001'],
      ['01JLEGACY0000000000000001'],
    ];
    expect(await everywhere()).toEqual(listed);
    // The backfill gave the tag its month set: past the first page, a tag page is two requests.
    const [, ...rest] = (await walk({ tag: 'health' }, 1)).perPage;
    for (const n of rest) expect(n).toBeLessThanOrEqual(2);
    // A live status keeps its one partition: the claim awaiting review is listed as before.
    expect((await walk({ status: 'awaiting_review' }, 10)).ids).toEqual(['01JLEGACY0000000000000002']);

    expect(await cli()).toBe(0);
    expect(out.at(-1)).toMatch(/^0 claims and 0 tag entries moved/);
    expect(await everywhere()).toEqual(listed);
  });
});
