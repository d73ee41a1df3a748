/**
 * #10.8: verdicts published before the feed's day index existed. Without their day markers the feed walks
 * past them (that is what an upgraded table looks like); `npm run backfill:feed-days` writes the markers,
 * and the same walk then serves every version, once. A rerun changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { runFeedDaysCli } from '../../infra/local/feed-days-cli.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoFeedRepository, FEED_DAYS_PARTITION, feedIndexKeys } from '../../shared/adapters/dynamodb/feed-repository.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';

const tableName = `test-${randomBytes(6).toString('hex')}`;
const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const table = { doc: createDocumentClient(client), tableName };
const feed = new DynamoFeedRepository(table, new CursorCodec('feed-backfill-test-secret'));

/** Versions as the publisher wrote them before the day index: the feed's gsi1 keys, no FEEDDAYS item. */
const OLD = [
  { claimId: '01HOLDCLAIM0000000000000A1', version: 1, publishedAt: '2024-03-04T10:00:00.000Z' },
  { claimId: '01HOLDCLAIM0000000000000A1', version: 2, publishedAt: '2024-03-09T08:30:00.000Z' },
  { claimId: '01HOLDCLAIM0000000000000B2', version: 1, publishedAt: '2025-01-20T17:45:00.000Z' },
];

async function walk(since: string): Promise<string[]> {
  const until = new Date().toISOString();
  const seen: string[] = [];
  let page = await feed.read({ since }, until, 50);
  for (let i = 0; i < 10; i++) {
    seen.push(...page.items.map((v) => `${v.claimId}#${v.version}`));
    if (page.settledUntil >= until) break;
    page = await feed.read({ cursor: page.next }, until, 50);
  }
  return seen;
}

beforeAll(async () => {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  await ensureTable(client, template, tableName);
  for (const v of OLD) {
    await table.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `CLAIM#${v.claimId}`, sk: `VERDICT#${String(v.version).padStart(6, '0')}`, entity: 'verdict', rating: 'false', ...v, ...feedIndexKeys(v) },
      }),
    );
  }
});

afterAll(() => client.destroy());

describe('backfilling the feed day index', () => {
  it('makes the feed serve versions published before the index existed, and a rerun changes nothing', async () => {
    expect(await walk('2020-01-01T00:00:00Z'), 'without day markers the old versions are walked past').toEqual([]);

    const out: string[] = [];
    const cli = (argv: string[]) => runFeedDaysCli(argv, {}, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(await cli(['--endpoint', inject('dynamoEndpoint'), '--table', tableName])).toBe(0);
    expect(out.at(-1)).toBe('3 feed versions over 3 days; day index written for each');

    const expected = OLD.map((v) => `${v.claimId}#${v.version}`);
    expect(await walk('2020-01-01T00:00:00Z')).toEqual(expected);

    expect(await cli(['--endpoint', inject('dynamoEndpoint'), '--table', tableName])).toBe(0);
    const markers = await table.doc.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': FEED_DAYS_PARTITION } }),
    );
    expect((markers.Items ?? []).map((i) => i.sk)).toEqual(['2024-03-04', '2024-03-09', '2025-01-20']);
    expect(await walk('2020-01-01T00:00:00Z')).toEqual(expected);
  });

  it('says in one line what to set when it finds no stack', async () => {
    const err: string[] = [];
    const code = await runFeedDaysCli([], { FACTFLOW_DATA_DIR: '/nonexistent/factflow' }, { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/--endpoint and --table/);
  });
});
