/**
 * The bench's stored claims (test/bench/stored-claims.ts) are written straight to the table, so this checks
 * they are what the product's own read paths find: the claim by id, its listings (tag, submitter, status,
 * through the month index), its verdict and the similar-claim index, and that a closed-at-triage claim is not
 * indexed. Also the archive statements and the claims are the same on every run.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { DynamoVerdictRepository } from '../../shared/adapters/dynamodb/verdict-repository.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import { archiveStatement } from '../bench/claim-corpus.ts';
import { BatchWriter, loadStoredClaims, storedClaim } from '../bench/stored-claims.ts';

const tableName = `test-${randomBytes(6).toString('hex')}`;
const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const table = { doc: createDocumentClient(client), tableName };
const claims = new DynamoClaimRepository(table, new CursorCodec('stored-claims-test-secret'));
const COUNT = 60;
const NOW = new Date('2026-06-15T12:00:00.000Z');
const stored = Array.from({ length: COUNT }, (_, i) => storedClaim(i, COUNT, NOW));
let load: Awaited<ReturnType<typeof loadStoredClaims>>;

beforeAll(async () => {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  await ensureTable(client, template, tableName);
  load = await loadStoredClaims(table, COUNT, { now: NOW, concurrency: 3 });
});
afterAll(() => client.destroy());

describe('stored claims for the benches', () => {
  it('are the same archive on every run: statements, ids and statuses by index', () => {
    expect(archiveStatement(7)).toBe(archiveStatement(7));
    expect(new Set(Array.from({ length: 200 }, (_, i) => archiveStatement(i))).size).toBe(200);
    const again = storedClaim(5, COUNT, NOW);
    expect(again.claim).toEqual(stored[5]?.claim);
    expect(new Set(stored.map((s) => s.claim.id)).size).toBe(COUNT);
    const statuses = stored.map((s) => s.claim.status);
    expect(statuses.filter((s) => s === 'published')).toHaveLength(36);
    expect(stored.every((s) => s.claim.createdAt < NOW.toISOString() && s.claim.createdAt > '2024-06')).toBe(true);
  });

  it('are read back by id, with their verdict when published', async () => {
    const verdicts = new DynamoVerdictRepository(table);
    for (const s of stored.slice(0, 20)) {
      expect(await claims.get(s.claim.id)).toEqual(s.claim);
      if (s.verdict) expect(await verdicts.get(s.claim.id)).toEqual(s.verdict);
    }
    expect(load.claims).toBe(COUNT);
  });

  it('are listed by tag, submitter and terminal status across their months', async () => {
    const listAll = async (filter: Parameters<typeof claims.list>[0]) => {
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await claims.list(filter, after === undefined ? { limit: 25 } : { limit: 25, after });
        seen.push(...page.items.map((c) => c.id));
        after = page.next ?? undefined;
      } while (after !== undefined);
      return seen.sort();
    };
    const ids = (keep: (s: (typeof stored)[number]) => boolean) =>
      stored
        .filter(keep)
        .map((s) => s.claim.id)
        .sort();
    expect(await listAll({ tag: 'economy' })).toEqual(ids((s) => s.claim.tags.includes('economy')));
    expect(await listAll({ submittedBy: 'desk-main' })).toEqual(ids((s) => s.claim.submittedBy === 'desk-main'));
    expect(await listAll({ status: 'published' })).toEqual(ids((s) => s.claim.status === 'published'));
  });

  it('are in the similar-claim index when past triage, and not when closed at triage', async () => {
    const index = new DynamoSimilarClaimIndex(table);
    const published = stored.find((s) => s.claim.status === 'published')!;
    const found = await index.candidates(claimSignature(normalizeStatement(published.claim.statement)), 5);
    expect(found[0]).toMatchObject({ claimId: published.claim.id, kind: 'verdict' });
    const closed = stored.filter((s) => s.claim.status === 'duplicate' || s.claim.status === 'not_check_worthy');
    expect(closed.length).toBeGreaterThan(0);
    for (const s of closed) {
      const { Item } = await table.doc.send(new GetCommand({ TableName: tableName, Key: { pk: `SIG#${s.claim.id}`, sk: '#SIG' } }));
      expect(Item).toBeUndefined();
    }
    expect(load.indexed).toBe(COUNT - closed.length);
    expect(load.indexedTexts).toHaveLength(load.indexed);
    const stats = await table.doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'TERMSTATS', sk: '#STATS' } }));
    expect(stats.Item?.docs).toBe(load.indexed);
  });

  it('a BatchWriter writes every item it is given, in batches of 25', async () => {
    const other = `${tableName}-w`;
    await ensureTable(client, JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate, other);
    const writer = new BatchWriter(table.doc, other, 4);
    const items = Array.from({ length: 130 }, (_, i) => ({ pk: `ITEM#${i}`, sk: '#ITEM', n: i }));
    writer.add(items.slice(0, 60));
    writer.add(items.slice(60));
    await writer.waitBelow(0);
    const out = await table.doc.send(new ScanCommand({ TableName: other, Select: 'COUNT' }));
    expect(out.Count).toBe(130);
  });
});
