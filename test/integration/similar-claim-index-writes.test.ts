/**
 * How the similar-claim index writes a claim (posting-writes.ts), against DynamoDB Local: one PutItem and one
 * BatchExecuteStatement of PartiQL statements after a lookup, on fresh and full shards alike; the same items
 * without a lookup, after a stale one, under concurrent adds of the same terms and when a claim is added again;
 * and the bench meter bills those statements as the single-item writes they are.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchExecuteStatementCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { bulkIndexItems, DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient, scanPages, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { documentTerms, queryTerms } from '../../shared/domain/matching/retrieve.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import type { IndexedClaim } from '../../shared/domain/ports.ts';
import { CapacityMeter } from '../bench/capacity.ts';

const entry = (claimId: string, text: string): IndexedClaim => ({
  kind: 'claim',
  claimId,
  signature: claimSignature(normalizeStatement(text)),
  text: normalizeStatement(text),
});

/** Requests by command, and the PartiQL statements a batch sent and had refused. */
interface Counts {
  commands: Map<string, number>;
  statements: number[];
  refused: number;
}

function countingClient(): { client: DynamoDBClient; counts: Counts; reset(): void } {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const counts: Counts = { commands: new Map(), statements: [], refused: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.commands.set(name, (counts.commands.get(name) ?? 0) + 1);
      const result = await next(args);
      if (name === 'BatchExecuteStatementCommand') {
        counts.statements.push((args.input as { Statements: unknown[] }).Statements.length);
        const responses = (result.output as { Responses?: Array<{ Error?: unknown }> }).Responses ?? [];
        counts.refused += responses.filter((r) => r.Error !== undefined).length;
      }
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return {
    client,
    counts,
    reset: () => {
      counts.commands.clear();
      counts.statements = [];
      counts.refused = 0;
    },
  };
}

let counter: ReturnType<typeof countingClient>;
let template: CloudTemplate;

async function freshTable(): Promise<TableContext> {
  const tableName = `index-writes-${randomBytes(6).toString('hex')}`;
  await ensureTable(counter.client, template, tableName);
  return { doc: createDocumentClient(counter.client), tableName };
}

/** Every item of a table, members sorted (their order follows the writers' order), by key. */
async function items(table: TableContext): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for await (const page of scanPages(table, {})) {
    for (const item of page) {
      out[`${item.pk} ${item.sk}`] = Array.isArray(item.members) ? { ...item, members: [...(item.members as string[])].sort() } : item;
    }
  }
  return out;
}

const asStored = (built: Array<Record<string, unknown>>) => {
  const out: Record<string, Record<string, unknown>> = {};
  for (const item of built) out[`${item.pk} ${item.sk}`] = Array.isArray(item.members) ? { ...item, members: [...(item.members as string[])].sort() } : item;
  return out;
};

/** Sixteen claims sharing most of their words, so that with a cap of 2 members many of their shards fill up. */
const sharing = Array.from({ length: 16 }, (_, i) =>
  entry(`01JSHARE${String(i).padStart(18, '0')}`, `Inflation in the northern region rose to ${3 + i}.1% in March 2025, the statistics office said.`),
);

const places =
  'harbour lighthouse ferry cathedral orchard vineyard glacier canyon meadow quarry brewery bakery library stadium airport railway tunnel bridge castle museum theatre gallery factory refinery pipeline reservoir aqueduct fortress monastery observatory greenhouse windmill sawmill shipyard dockyard'.split(
    ' ',
  );
const listing = (n: number) => `The council said ${places.slice(0, n).join(', ')} budgets were approved.`;

beforeAll(async () => {
  template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  counter = countingClient();
});

describe('indexing a claim', () => {
  it('after its lookup, is one PutItem and one BatchExecuteStatement with nothing refused, on fresh and on full shards', async () => {
    const table = await freshTable();
    const index = new DynamoSimilarClaimIndex(table, { memberCap: 2 });
    for (const e of sharing) {
      const lookup = await index.candidates(e.signature, 30);
      counter.reset();
      await index.add(e, lookup);
      expect(Object.fromEntries(counter.counts.commands), e.claimId).toEqual({ PutItemCommand: 1, BatchExecuteStatementCommand: 1 });
      expect(counter.counts.refused, e.claimId).toBe(0);
    }
    // Exactly what adding them one by one leaves: full shards count the rest in `overflow`.
    const built = bulkIndexItems(sharing, 2);
    expect(built.some((i) => Number(i.overflow ?? 0) > 1)).toBe(true);
    expect(await items(table)).toEqual(asStored(built));
  });

  it('without a lookup (the import, the re-index), or after a stale one, leaves the same items', async () => {
    const plain = await freshTable();
    const index = new DynamoSimilarClaimIndex(plain, { memberCap: 2 });
    for (const e of sharing) {
      counter.reset();
      await index.add(e);
      // An unknown shard is tried as an append: a missing one is inserted next, a full one counted next.
      expect(counter.counts.commands.get('BatchExecuteStatementCommand') ?? 0).toBeLessThanOrEqual(3);
    }
    expect(await items(plain)).toEqual(asStored(bulkIndexItems(sharing, 2)));

    // Every lookup made on the empty table says each shard is missing; all of them exist by the time of the add.
    const stale = await freshTable();
    const staleIndex = new DynamoSimilarClaimIndex(stale, { memberCap: 2 });
    const lookups = await Promise.all(sharing.map((e) => staleIndex.candidates(e.signature, 30)));
    for (const [i, e] of sharing.entries()) await staleIndex.add(e, lookups[i]);
    expect(await items(stale)).toEqual(asStored(bulkIndexItems(sharing, 2)));
  });

  it('again (a replayed triage) changes nothing: no member twice, each claim counted once in overflow and stats', async () => {
    const table = await freshTable();
    const index = new DynamoSimilarClaimIndex(table, { memberCap: 2 });
    const before = await Promise.all(sharing.map((e) => index.candidates(e.signature, 30)));
    for (const e of sharing) await index.add(e, await index.candidates(e.signature, 30));
    const once = await items(table);
    for (const [i, e] of sharing.entries()) {
      await index.add(e); // no lookup
      await index.add(e, before[i]); // a lookup from before the first add
      await index.add(e, await index.candidates(e.signature, 30)); // a fresh one
    }
    expect(await items(table)).toEqual(once);
    // A replay after a fresh lookup has nothing left to write on the shards: only the claim item is put again.
    const e = sharing[0]!;
    const lookup = await index.candidates(e.signature, 30);
    counter.reset();
    await index.add(e, lookup);
    expect(Object.fromEntries(counter.counts.commands)).toEqual({ PutItemCommand: 1 });
  });

  it('concurrently with other claims of the same terms keeps each shard under its cap and counts every claim', async () => {
    const table = await freshTable();
    const index = new DynamoSimilarClaimIndex(table, { memberCap: 3 });
    const many = Array.from({ length: 24 }, (_, i) =>
      entry(`01JSAME${String(i).padStart(19, '0')}`, 'Rents in the capital rose by 12% in 2024, the housing ministry said.'),
    );
    // All lookups first: each believes every shard missing, so the adds race to create them and then to fill them.
    const lookups = await Promise.all(many.map((e) => index.candidates(e.signature, 30)));
    await Promise.all(many.map((e, i) => index.add(e, lookups[i])));
    const stored = await items(table);
    const built = asStored(bulkIndexItems(many, 3));
    expect(Object.keys(stored).sort()).toEqual(Object.keys(built).sort());
    for (const [key, want] of Object.entries(built)) {
      const got = stored[key]!;
      if (want.entity !== 'term-postings') {
        expect(got, key).toEqual(want);
        continue;
      }
      // Which claims are listed depends on who won the race; how many are listed and counted does not.
      const members = got.members as string[];
      expect(new Set(members).size, key).toBe(members.length);
      expect({ memberCount: got.memberCount, listed: members.length, df: Number(got.memberCount) + Number(got.overflow ?? 0) }, key).toEqual({
        memberCount: want.memberCount,
        listed: want.memberCount,
        df: Number(want.memberCount) + Number(want.overflow ?? 0),
      });
    }
    expect(stored['TERMSTATS #STATS']).toMatchObject({ docs: many.length });
  });

  it('with more than 25 terms sends at most 25 statements a request and writes every term', async () => {
    const table = await freshTable();
    const index = new DynamoSimilarClaimIndex(table);
    const wide = entry('01JWIDE000000000000000000001', listing(27));
    const terms = documentTerms(wide.signature).tf.size;
    expect(terms).toBeGreaterThan(25);
    expect(terms).toBe(queryTerms(wide.signature).size); // all of them looked up
    counter.reset();
    await index.add(wide, await index.candidates(wide.signature, 30));
    expect(counter.counts.statements.sort()).toEqual([25, terms + 1 - 25]);
    expect(counter.counts.refused).toBe(0);

    // More terms than a lookup reads (32): the rest are tried as appends, refused as missing, then inserted.
    const wider = entry('01JWIDE000000000000000000002', listing(places.length));
    expect(documentTerms(wider.signature).tf.size).toBeGreaterThan(queryTerms(wider.signature).size);
    counter.reset();
    await index.add(wider, await index.candidates(wider.signature, 30));
    expect(Math.max(...counter.counts.statements)).toBeLessThanOrEqual(25);
    expect(await items(table)).toEqual(asStored(bulkIndexItems([wide, wider])));
  });
});

describe('the bench meter (test/bench/capacity.ts)', () => {
  it('bills each PartiQL statement as DynamoDB Local bills the same single-item write, and a refused one 1 WRU', async () => {
    const table = await freshTable();
    const meter = new CapacityMeter();
    const metered = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    metered.middlewareStack.use(meter.middleware);
    const member = (i: number) => `01JMETER${String(i).padStart(18, '0')} 1 12`;
    const t = table.tableName;
    // The same writes as UpdateItem/PutItem, whose units DynamoDB Local reports: a small insert, and a list
    // grown past 1 KB (2 WRU).
    const reported = new CapacityMeter();
    const plain = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    plain.middlewareStack.use(reported.middleware);
    await plain.send(new PutCommand({ TableName: t, Item: { pk: 'P#small', sk: '#', members: [member(0)], memberCount: 1 } }));
    await plain.send(
      new PutCommand({ TableName: t, Item: { pk: 'P#big', sk: '#', members: Array.from({ length: 40 }, (_, i) => member(i)), memberCount: 40 } }),
    );
    await plain.send(
      new UpdateCommand({
        TableName: t,
        Key: { pk: 'P#big', sk: '#' },
        UpdateExpression: 'SET members = list_append(members, :m), memberCount = memberCount + :one',
        ExpressionAttributeValues: { ':m': [member(40)], ':one': 1 },
      }),
    );
    await metered.send(
      new PutCommand({ TableName: t, Item: { pk: 'Q#big', sk: '#', members: Array.from({ length: 40 }, (_, i) => member(i)), memberCount: 40 } }),
    );
    const putUnits = meter.writeUnits;
    await metered.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `INSERT INTO "${t}" VALUE {'pk': ?, 'sk': ?, 'members': ?, 'memberCount': 1}`, Parameters: ['Q#small', '#', [member(0)]] },
          {
            Statement: `UPDATE "${t}" SET "members" = list_append("members", ?) SET "memberCount" = "memberCount" + 1 WHERE "pk" = ? AND "sk" = ?`,
            Parameters: [[member(40)], 'Q#big', '#'],
          },
          { Statement: `INSERT INTO "${t}" VALUE {'pk': ?, 'sk': ?}`, Parameters: ['P#small', '#'] }, // exists: refused
        ],
      }),
    );
    expect(meter.writeUnits - putUnits).toBe(reported.writeUnits - 2 + 1); // less the big Put, plus the refused INSERT
    expect(meter.correctionsSnapshot()).toMatchObject({ failedConditionalWrites: 1, partiqlWrites: meter.writeUnits - putUnits - 1 });
  });
});
