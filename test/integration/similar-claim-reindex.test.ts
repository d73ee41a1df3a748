/**
 * `npm run reindex` against DynamoDB Local: after a tokenizer change the stored entries are under stale terms and
 * fingerprints; the rebuild finds claims by today's terms again, keeps each entry's kind and each fingerprint's
 * owner, re-indexes an imported fact-check with its headline and description, and leaves unindexed claims out.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { runReindexCli } from '../../infra/local/reindex-cli.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { DynamoArchiveStore } from '../../shared/adapters/dynamodb/archive-store.ts';
import { rebuildSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-reindex.ts';
import { DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { importArchive } from '../../shared/domain/archive/import-archive.ts';
import { defaultRatingScale } from '../../shared/domain/rating-scale.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';

const sig = (text: string) => claimSignature(normalizeStatement(text));
/** An entry as an older tokenizer wrote it: other terms, another fingerprint. */
const staleEntry = (kind: 'claim' | 'verdict', claimId: string, text: string) => {
  const s = sig(text);
  return { kind, claimId, signature: { ...s, tokens: s.tokens.map((t) => `old${t}`), fingerprint: `stale-${claimId}` }, text: normalizeStatement(text) };
};

const ids = {
  verdict: '01HZZZZZZZZZZZZZZZZZZZZZZ1',
  claim: '01HZZZZZZZZZZZZZZZZZZZZZZ2',
  closed: '01HZZZZZZZZZZZZZZZZZZZZZZ3',
  declared: '01HZZZZZZZZZZZZZZZZZZZZZZ4',
};
/** Declared German by its submitter, read as English by the detector: "war" is a German stop word, an English noun. */
const declared = { text: 'The inflation rate in Germany war 10% in 2022', language: 'de' };
const texts = {
  verdict: 'Unemployment fell to 3.9% in March',
  claim: 'The ferry operator cancelled crossings to Skye in May',
  closed: 'The ferry operator cancelled every crossing to Skye in May',
};

let table: TableContext;
let endpoint: string;
let index: DynamoSimilarClaimIndex;
let importedId: string;

async function putClaim(id: string, statement: string, language?: string): Promise<void> {
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { pk: `CLAIM#${id}`, sk: '#CLAIM', entity: 'claim', id, statement, ...(language ? { language } : {}) },
    }),
  );
}

async function termStats(): Promise<Record<string, unknown> | undefined> {
  return (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'TERMSTATS', sk: '#STATS' } }))).Item;
}

beforeAll(async () => {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  endpoint = inject('dynamoEndpoint');
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tableName = `reindex-${randomBytes(6).toString('hex')}`;
  await ensureTable(client, template, tableName);
  table = { doc: createDocumentClient(client), tableName };
  index = new DynamoSimilarClaimIndex(table);

  // A published verdict and a claim in the workflow, indexed by an older tokenizer; a closed claim, never indexed,
  // whose stale fingerprint the first claim owns.
  for (const k of ['verdict', 'claim', 'closed'] as const) await putClaim(ids[k], texts[k]);
  await index.add(staleEntry('verdict', ids.verdict, texts.verdict));
  await index.add(staleEntry('claim', ids.claim, texts.claim));
  await index.reserveFingerprint(`stale-${ids.verdict}`, ids.verdict);
  await index.reserveFingerprint(`stale-${ids.claim}`, ids.claim);
  await putClaim(ids.declared, declared.text, declared.language);
  await index.add(staleEntry('claim', ids.declared, declared.text));
  await index.reserveFingerprint(`stale-${ids.declared}`, ids.declared);

  // An imported fact-check with a headline and a description.
  const review = {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: 'https://factdesk.example.org/checks/anaconda',
    claimReviewed: 'A viral video shows a ten-metre snake swimming across a river in Brazil.',
    headline: 'Does Video Show a 10-Meter-Long Anaconda?',
    description: 'The footage was filmed on the Xingu by a fisherman from Altamira.',
    datePublished: '2021-03-06',
    author: { '@type': 'Organization', name: 'Example Fact Desk' },
    reviewRating: { '@type': 'Rating', alternateName: 'Miscaptioned' },
  };
  const report = await importArchive(
    {
      store: new DynamoArchiveStore(table),
      index,
      scale: defaultRatingScale,
      clock: { now: () => new Date() },
      ids: { next: () => ids.closed.replace(/3$/, '9') },
    },
    JSON.stringify(review),
    'test',
  );
  importedId = report.claimIds[0] as string;
});

describe('npm run reindex', () => {
  it('rebuilds stale entries under today’s terms, keeping their kinds and leaving unindexed claims out', async () => {
    expect(await index.candidates(sig('The jobless rate dropped to 3.9 percent last March'), 10)).toEqual([]);

    const result = await rebuildSimilarClaimIndex(table);
    expect(result).toMatchObject({ entries: 4, fingerprints: 3, orphans: 0 });

    const jobs = await index.candidates(sig('The jobless rate dropped to 3.9 percent last March'), 10);
    expect(jobs.map((c) => `${c.kind}#${c.claimId}`)).toEqual([`verdict#${ids.verdict}`]);
    const ferry = await index.candidates(sig('Ferry crossings to Skye were cancelled in May'), 10);
    expect(ferry.map((c) => `${c.kind}#${c.claimId}`)).toEqual([`claim#${ids.claim}`]);
    // The old terms are gone with the items that held them.
    expect(await index.candidates(staleEntry('claim', 'probe', texts.claim).signature, 10)).toEqual([]);
    expect(await termStats()).toMatchObject({ docs: 4 });
  });

  it('indexes a claim in the language its submitter declared, as triage did, not in the one the detector reads', async () => {
    const inGerman = claimSignature(normalizeStatement(declared.text), declared.language);
    expect(inGerman.fingerprint).not.toBe(sig(declared.text).fingerprint);
    // Triage's fingerprint (declared language) is the one the rebuild reserved for the claim.
    expect(await index.reserveFingerprint(inGerman.fingerprint, 'a-later-claim')).toBe(ids.declared);
    const found = await index.candidates(inGerman, 10);
    expect(found[0]).toMatchObject({ kind: 'claim', claimId: ids.declared });
    expect(found[0]?.signature.tokens).not.toContain('war');
  });

  it('gives each fingerprint owner its statement’s new fingerprint, and drops the stale ones', async () => {
    expect(await index.reserveFingerprint(sig(texts.verdict).fingerprint, 'a-later-claim')).toBe(ids.verdict);
    expect(await index.reserveFingerprint(sig(texts.claim).fingerprint, 'a-later-claim')).toBe(ids.claim);
    const stale = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: `FP#stale-${ids.verdict}`, sk: '#FP' } }));
    expect(stale.Item).toBeUndefined();
  });

  it('re-indexes an imported fact-check with the headline and description its trail recorded, keeping the date the import gave it', async () => {
    const found = await index.candidates(sig('A fisherman filmed it on the Xingu, near Altamira'), 10);
    // The import dates the entry by the fact-check's publication (datePublished); the rebuild keeps it.
    expect(found[0]).toMatchObject({ kind: 'verdict', claimId: importedId, date: '2021-03-06' });
  });

  it('never leaves a claim unfindable while it runs, and keeps a claim triaged meanwhile', async () => {
    // Stale again, as after the next tokenizer change: each claim is found by its old terms until the rebuild.
    await index.add(staleEntry('verdict', ids.verdict, texts.verdict));
    await index.add(staleEntry('claim', ids.claim, texts.claim));
    const findable = async () => {
      const found = async (text: string, id: string) =>
        [...(await index.candidates(sig(text), 10)), ...(await index.candidates(staleEntry('claim', 'probe', text).signature, 10))].some(
          (c) => c.claimId === id,
        );
      return (await found(texts.verdict, ids.verdict)) && (await found(texts.claim, ids.claim));
    };
    expect(await findable()).toBe(true);

    // Before every write of the rebuild: both claims can be found. Before the first one, a claim is triaged.
    const triaged = { id: '01HZZZZZZZZZZZZZZZZZZZZZZ5', text: 'The council closed three libraries in Leeds last year' };
    const seenBeforeWrites: boolean[] = [];
    const send = table.doc.send.bind(table.doc);
    const watched: TableContext = {
      tableName: table.tableName,
      doc: new Proxy(table.doc, {
        get(target, prop, receiver) {
          if (prop !== 'send') return Reflect.get(target, prop, receiver);
          return async (command: { constructor: { name: string } }) => {
            if (command instanceof BatchWriteCommand) {
              if (seenBeforeWrites.length === 0) {
                await putClaim(triaged.id, triaged.text);
                await index.add({ kind: 'claim', claimId: triaged.id, signature: sig(triaged.text), text: normalizeStatement(triaged.text) });
              }
              seenBeforeWrites.push(await findable());
            }
            return send(command as never);
          };
        },
      }),
    };
    const result = await rebuildSimilarClaimIndex(watched, new DynamoSimilarClaimIndex(watched));
    expect(seenBeforeWrites.length).toBeGreaterThan(1);
    expect(seenBeforeWrites.every(Boolean)).toBe(true);
    expect(result).toMatchObject({ entries: 4, caughtUp: 1 });

    const libraries = await index.candidates(sig('Leeds lost three of its libraries last year'), 10);
    expect(libraries[0]).toMatchObject({ claimId: triaged.id });
    expect(await index.reserveFingerprint(sig(triaged.text).fingerprint, 'a-later-claim')).toBe(triaged.id);
    expect(await termStats()).toMatchObject({ docs: 5 });
  });

  it('is safe to run again from the CLI: the same index, counted once', async () => {
    const out: string[] = [];
    const code = await runReindexCli(['--endpoint', endpoint, '--table', table.tableName], {}, { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(0);
    // The claim triaged during the last run is a claim like the others now (its claim item is stored).
    expect(out.join('\n')).toMatch(/5 entries and \d fingerprints written/);
    expect(await termStats()).toMatchObject({ docs: 5 });
    const jobs = await index.candidates(sig('The jobless rate dropped to 3.9 percent last March'), 10);
    expect(jobs.map((c) => c.claimId)).toEqual([ids.verdict]);
  });
});
