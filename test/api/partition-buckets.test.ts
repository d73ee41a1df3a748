/**
 * #16.2: the partitions that would grow forever (a tag's, a submitter's, a terminal status's) are cut by
 * month (shared/adapters/dynamodb/partitions.ts). Listings still page newest first through every month,
 * skip the quiet ones without a request each (at most two Queries a page, plus the tag page's BatchGetItem),
 * and keep their cursors bound to the listing. A table written before the buckets is moved into them by
 * `npm run backfill:partitions`; a rerun changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
client.middlewareStack.add(
  (next) => (args) => {
    requests += 1;
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);
const table = { doc: createDocumentClient(client), tableName };
const claims = new DynamoClaimRepository(table, new CursorCodec('partition-buckets-test-secret'));

/** Claims in January, February and June 2025 (March to May quiet), three submitters' worth on one desk. */
const CREATED = ['2025-01-05', '2025-01-20', '2025-02-11', '2025-06-01', '2025-06-02', '2025-06-30'];
const ids = CREATED.map((_, i) => `01JPARTITION00000000000${String(i).padStart(3, '0')}`);

async function walk(filter: ClaimListFilter, limit: number): Promise<{ ids: string[]; pages: number; maxRequests: number }> {
  const seen: string[] = [];
  let after: string | undefined;
  let pages = 0;
  let maxRequests = 0;
  do {
    const before = requests;
    const page = await claims.list(filter, after === undefined ? { limit } : { limit, after });
    maxRequests = Math.max(maxRequests, requests - before);
    seen.push(...page.items.map((c) => c.id));
    after = page.next ?? undefined;
    pages += 1;
  } while (after !== undefined && pages < 50);
  return { ids: seen, pages, maxRequests };
}

beforeAll(async () => {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  await ensureTable(client, template, tableName);
  for (const [i, day] of CREATED.entries()) {
    const claim = newClaim(ids[i] as string, submission({ tags: ['economy'] }), 'desk-a', new Date(`${day}T09:00:00Z`));
    await claims.create(claim, { claimId: claim.id, id: `01JEVENT${i}`, type: 'claim.submitted', actor: 'desk-a', at: claim.createdAt });
  }
});

afterAll(() => client.destroy());

describe('month-bucketed listings', () => {
  const newestFirst = [...ids].reverse();

  it.each([
    ['tag', { tag: 'economy' }],
    ['submitter', { submittedBy: 'desk-a' }],
  ] as const)('list by %s newest first across months, quiet months skipped, at most two Queries a page', async (_name, filter) => {
    for (const limit of [1, 2, 10]) {
      const { ids: seen, maxRequests } = await walk(filter, limit);
      expect(seen).toEqual(newestFirst);
      // Two Queries (month index, bucket), and for a tag page the BatchGetItem of its claims.
      expect(maxRequests).toBeLessThanOrEqual('tag' in filter ? 3 : 2);
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
    // A live status keeps its one partition: the claim awaiting review is listed as before.
    expect((await walk({ status: 'awaiting_review' }, 10)).ids).toEqual(['01JLEGACY0000000000000002']);

    expect(await cli()).toBe(0);
    expect(out.at(-1)).toMatch(/^0 claims and 0 tag entries moved/);
    expect(await everywhere()).toEqual(listed);
  });
});
