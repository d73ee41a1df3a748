/**
 * The near-duplicate index against DynamoDB Local: rewordings are found, different claims are not, and a
 * lookup costs the same small number of requests however many claims are stored.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { bestDuplicate, claimSignature, defaultTriageThresholds, normalizeStatement } from '../../shared/domain/triage/index.ts';

const sig = (text: string) => claimSignature(normalizeStatement(text));

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

describe('the near-duplicate index', () => {
  it('finds a rewording of an indexed claim and does not match a different claim on the same topic', async () => {
    await index.add({ kind: 'claim', claimId: 'c-unemployment', signature: sig('Unemployment fell to 3.9% in March') });
    const reworded = sig('The jobless rate dropped to 3.9 percent last March');
    expect((await index.candidates(reworded, 25)).map((c) => `${c.kind}#${c.claimId}`)).toEqual(['claim#c-unemployment']);

    // Publishing the claim's verdict promotes its entry (one write), rather than indexing it a second time.
    counter.reset();
    await index.add({ kind: 'verdict', claimId: 'c-unemployment', signature: sig('Unemployment fell to 3.9% in March') });
    expect([...counter.counts.entries()]).toEqual([['PutItemCommand', 1]]);
    const found = await index.candidates(reworded, 25);
    expect(found.map((c) => `${c.kind}#${c.claimId}`)).toEqual(['verdict#c-unemployment']);
    expect(bestDuplicate(reworded, found, defaultTriageThresholds.duplicate)).toMatchObject({ kind: 'verdict', claimId: 'c-unemployment' });

    const different = sig('Unemployment rose to 4.2% in March');
    expect(bestDuplicate(different, await index.candidates(different, 25), defaultTriageThresholds.duplicate)).toBeNull();
  });

  it('answers a lookup in two BatchGetItem requests however many claims are stored', async () => {
    const probe = sig('The jobless rate dropped to 3.9 percent last March');
    const lookupCost = async () => {
      counter.reset();
      await index.candidates(probe, 25);
      return Object.fromEntries(counter.counts);
    };
    const small = await lookupCost();

    // Fill the index with 200 other claims (many sharing words, as a real newsroom's claims do).
    const claims = syntheticClaims(200);
    for (let i = 0; i < claims.length; i += 25) {
      await Promise.all(claims.slice(i, i + 25).map((text, j) => index.add({ kind: 'claim', claimId: `bulk-${i + j}`, signature: sig(text) })));
    }
    const large = await lookupCost();

    expect(small).toEqual({ BatchGetItemCommand: 2 });
    expect(large).toEqual({ BatchGetItemCommand: 2 });
    // Still finds what it should among them, and nothing it should not.
    const found = await index.candidates(probe, 25);
    expect(bestDuplicate(probe, found, defaultTriageThresholds.duplicate)?.claimId).toBe('c-unemployment');
    const bulkProbe = sig(claims[123]!.replace('reported that', 'said'));
    expect(bestDuplicate(bulkProbe, await index.candidates(bulkProbe, 25), defaultTriageThresholds.duplicate)?.claimId).toBe('bulk-123');
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
    const probe = sig('The jobless rate dropped to 3.9 percent last March');
    faulty.reset();
    const found = await throttled.candidates(probe, 25);
    expect(injected).toBe(true);
    expect(bestDuplicate(probe, found, defaultTriageThresholds.duplicate)?.claimId).toBe('c-unemployment');
    expect(Object.fromEntries(faulty.counts)).toEqual({ BatchGetItemCommand: 3 });
  });

  it('treats a band shared by more claims than the cap as uninformative, and indexes a claim only once per band', async () => {
    const capped = new DynamoSimilarClaimIndex(table, { memberCap: 3 });
    const text = 'The ferry operator said crossings to Skye were cancelled on 12 May 2023';
    await capped.add({ kind: 'claim', claimId: 'ferry-1', signature: sig(text) });
    await capped.add({ kind: 'claim', claimId: 'ferry-1', signature: sig(text) }); // a retried add
    await capped.add({ kind: 'claim', claimId: 'ferry-2', signature: sig(text) });
    expect((await capped.candidates(sig(text), 25)).map((c) => c.claimId).sort()).toEqual(['ferry-1', 'ferry-2']);

    await capped.add({ kind: 'claim', claimId: 'ferry-3', signature: sig(text) });
    await capped.add({ kind: 'claim', claimId: 'ferry-4', signature: sig(text) }); // over the cap: not appended
    expect(await capped.candidates(sig(text), 25)).toEqual([]);
  });
});
