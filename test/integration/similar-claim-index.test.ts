/**
 * The BM25 similar-claim index against DynamoDB Local: rewordings are found, different claims are not, and a
 * lookup costs the same small number of requests however many claims are stored.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { bulkIndexItems, DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { bestDuplicate, claimSignature, defaultTriageThresholds, normalizeStatement } from '../../shared/domain/triage/index.ts';

const sig = (text: string) => claimSignature(normalizeStatement(text));
const entry = (kind: 'claim' | 'verdict', claimId: string, text: string) => ({ kind, claimId, signature: sig(text), text: normalizeStatement(text) });
const best = (text: string, found: Parameters<typeof bestDuplicate>[1]) =>
  bestDuplicate(sig(text), found, defaultTriageThresholds.duplicate, normalizeStatement(text));

/** Counts the commands a client sends, by name: the cost of a lookup in DynamoDB requests. */
function countingClient(): { client: DynamoDBClient; counts: Map<string, number>; reset(): void } {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts.set(context.commandName ?? 'unknown', (counts.get(context.commandName ?? 'unknown') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { client, counts, reset: () => counts.clear() };
}

const orgs = [
  'the statistics office',
  'the central bank',
  'the health ministry',
  'the city council',
  'the treasury',
  'the transport agency',
  'the census bureau',
  'the energy regulator',
];
const subjects = [
  'inflation',
  'rents',
  'hospital waiting times',
  'bus fares',
  'tax receipts',
  'rail delays',
  'the birth rate',
  'gas prices',
  'youth unemployment',
  'crime',
];
const months = ['January', 'February', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const countries = ['Portugal', 'Chile', 'Kenya', 'Norway', 'Vietnam', 'Canada', 'Poland', 'Peru'];

/** Distinct, news-like claims: the haystack a real index would hold. */
function syntheticClaims(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const org = orgs[i % orgs.length]!;
    const subject = subjects[Math.floor(i / orgs.length) % subjects.length]!;
    const country = countries[Math.floor(i / 7) % countries.length]!;
    const month = months[i % months.length]!;
    const pct = ((i * 37) % 500) / 10 + 1;
    out.push(`In ${country}, ${org} reported that ${subject} ${i % 2 ? 'rose' : 'fell'} to ${pct}% in ${month} ${2000 + (i % 25)}.`);
  }
  return out;
}

let table: TableContext;
let counter: ReturnType<typeof countingClient>;
let index: DynamoSimilarClaimIndex;

beforeAll(async () => {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  counter = countingClient();
  const tableName = `index-${randomBytes(6).toString('hex')}`;
  await ensureTable(counter.client, template, tableName);
  table = { doc: createDocumentClient(counter.client), tableName };
  index = new DynamoSimilarClaimIndex(table);
});

describe('the similar-claim index (BM25 over DynamoDB)', () => {
  it('finds a rewording of an indexed claim and does not match a different claim on the same topic', async () => {
    await index.add(entry('claim', 'c-unemployment', 'Unemployment fell to 3.9% in March'));
    await index.add(entry('claim', 'c-ferries', 'The ferry operator cancelled crossings to Skye in May'));
    const rewordedText = 'The jobless rate dropped to 3.9 percent last March';
    const reworded = sig(rewordedText);
    expect((await index.candidates(reworded, 25)).map((c) => `${c.kind}#${c.claimId}`)).toEqual(['claim#c-unemployment']);

    // Publishing the claim's verdict promotes its entry (one write), rather than indexing it a second time.
    counter.reset();
    await index.add(entry('verdict', 'c-unemployment', 'Unemployment fell to 3.9% in March'));
    expect([...counter.counts.entries()]).toEqual([['PutItemCommand', 1]]);
    const found = await index.candidates(reworded, 25);
    expect(found.map((c) => `${c.kind}#${c.claimId}`)).toEqual(['verdict#c-unemployment']);
    expect(best(rewordedText, found)).toMatchObject({ kind: 'verdict', claimId: 'c-unemployment' });

    const differentText = 'Unemployment rose to 4.2% in March';
    expect(best(differentText, await index.candidates(sig(differentText), 25))).toBeNull();
  });

  it('keeps an entry’s date, and a published verdict’s entry takes its publication date', async () => {
    const text = 'The lighthouse on Rathlin Island was switched off for good in 1995';
    await index.add({ ...entry('claim', 'c-lighthouse', text), date: '2025-02-10' });
    const found = async () => (await index.candidates(sig(text), 25)).find((c) => c.claimId === 'c-lighthouse');
    expect(await found()).toMatchObject({ kind: 'claim', date: '2025-02-10' });
    await index.add({ ...entry('verdict', 'c-lighthouse', text), date: '2025-02-14' });
    expect(await found()).toMatchObject({ kind: 'verdict', date: '2025-02-14' });
  });

  it('answers a lookup in two BatchGetItem requests however many claims are stored', async () => {
    const probeText = 'The jobless rate dropped to 3.9 percent last March';
    const probe = sig(probeText);
    const lookupCost = async () => {
      counter.reset();
      await index.candidates(probe, 25);
      return Object.fromEntries(counter.counts);
    };
    const small = await lookupCost();

    // Fill the index with 200 other claims (many sharing words, as a real newsroom's claims do).
    const claims = syntheticClaims(200);
    for (let i = 0; i < claims.length; i += 25) {
      await Promise.all(claims.slice(i, i + 25).map((text, j) => index.add(entry('claim', `bulk-${i + j}`, text))));
    }
    const large = await lookupCost();

    expect(small).toEqual({ BatchGetItemCommand: 2 });
    expect(large).toEqual({ BatchGetItemCommand: 2 });
    // Still finds what it should among them, and nothing it should not.
    const found = await index.candidates(probe, 25);
    expect(best(probeText, found)?.claimId).toBe('c-unemployment');
    const bulkText = claims[123]!.replace('reported that', 'said');
    expect(best(bulkText, await index.candidates(sig(bulkText), 25))?.claimId).toBe('bulk-123');
  });

  it('re-requests only the keys DynamoDB hands back unprocessed', async () => {
    // Fault injection on the real database: the first BatchGetItem is answered for half its keys only.
    const faulty = countingClient();
    let injected = false;
    faulty.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RequestItems: Record<string, { Keys: unknown[] }> };
        const [name, request] = Object.entries(input.RequestItems)[0]!;
        if (injected || request.Keys.length < 2) return next(args);
        injected = true;
        const held = request.Keys.slice(request.Keys.length / 2);
        request.Keys = request.Keys.slice(0, request.Keys.length / 2);
        const result = await next(args);
        const output = result.output as { UnprocessedKeys?: Record<string, unknown> };
        output.UnprocessedKeys = { [name]: { ...request, Keys: held } };
        return result;
      },
      { step: 'initialize', name: 'throttleHalf' },
    );
    const throttled = new DynamoSimilarClaimIndex({ doc: createDocumentClient(faulty.client), tableName: table.tableName });
    const probeText = 'The jobless rate dropped to 3.9 percent last March';
    faulty.reset();
    const found = await throttled.candidates(sig(probeText), 25);
    expect(injected).toBe(true);
    expect(best(probeText, found)?.claimId).toBe('c-unemployment');
    expect(Object.fromEntries(faulty.counts)).toEqual({ BatchGetItemCommand: 3 });
  });

  it('keeps a posting shard bounded while counting every claim for IDF, and indexes a retried add once', async () => {
    const capped = new DynamoSimilarClaimIndex({ ...table, tableName: table.tableName }, { memberCap: 1 });
    const text = 'The ferry operator said crossings to Skye were cancelled on 12 May 2023';
    await capped.add(entry('claim', 'ferry-1', text));
    await capped.add(entry('claim', 'ferry-1', text)); // a retried add
    const first = await capped.candidates(sig(text), 25);
    expect(first.filter((c) => c.claimId === 'ferry-1')).toHaveLength(1);
    for (let i = 2; i <= 12; i++) await capped.add(entry('claim', `ferry-${i}`, text));
    // Each of a term's four shards lists at most one member, yet the document frequency counts all twelve.
    const term = sig('Skye').tokens[0]!;
    const shards = await Promise.all(
      [0, 1, 2, 3].map(
        async (s) => (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: `TERM#${term}#${s}`, sk: '#POSTINGS' } }))).Item,
      ),
    );
    const listed = shards.reduce((n, item) => n + ((item?.members as unknown[] | undefined)?.length ?? 0), 0);
    const df = shards.reduce((n, item) => n + Number(item?.memberCount ?? 0) + Number(item?.overflow ?? 0), 0);
    expect(listed).toBeLessThanOrEqual(4);
    expect(df).toBeGreaterThanOrEqual(12);
    expect((await capped.candidates(sig(text), 25)).length).toBeGreaterThan(0);
  });

  it('bulkIndexItems (the bench and eval loader) builds exactly the items add leaves, shard caps and overflow included', async () => {
    const bulkTable = `bulk-${randomBytes(6).toString('hex')}`;
    const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
    await ensureTable(counter.client, template, bulkTable);
    const added = new DynamoSimilarClaimIndex({ ...table, tableName: bulkTable }, { memberCap: 2 });
    const entries = syntheticClaims(30).map((t, i) => entry('verdict', `bulk-${i}`, t));
    for (const e of entries) await added.add(e);
    const built = bulkIndexItems(entries, 2);
    const normal = (item: Record<string, unknown> | undefined) =>
      item && { ...item, ...(Array.isArray(item.members) ? { members: [...(item.members as string[])].sort() } : {}) };
    for (const item of built) {
      const stored = (await table.doc.send(new GetCommand({ TableName: bulkTable, Key: { pk: item.pk, sk: item.sk } }))).Item;
      expect(normal(stored), String(item.pk)).toEqual(normal(item));
    }
    expect(built.some((i) => Number(i.overflow ?? 0) > 0)).toBe(true);
  });

  it('elects one owner for a fingerprint among concurrent claims', async () => {
    const owners = await Promise.all(Array.from({ length: 30 }, (_, i) => index.reserveFingerprint('f'.repeat(64), `same-${i}`)));
    expect(new Set(owners).size).toBe(1);
    const owner = owners[0]!;
    expect(await index.reserveFingerprint('f'.repeat(64), 'late')).toBe(owner);
    // A closed owner without a verdict can be replaced, once.
    expect(await index.reserveFingerprint('f'.repeat(64), 'late', owner)).toBe('late');
    expect(await index.reserveFingerprint('f'.repeat(64), 'later', owner)).toBe('late');
  });
});
