/**
 * The archive evidence provider hands the reviewer earlier verdicts that are about the claim, best first, and
 * leaves out the ones that only share a few words with it; an imported verdict is credited to its outlet.
 */
import { describe, expect, it } from 'vitest';
import { ArchiveEvidenceProvider } from '../../../shared/adapters/evidence/archive.ts';
import { InMemorySimilarClaimIndex } from '../../../shared/adapters/memory/similar-claim-index.ts';
import { relevantArchiveMatches } from '../../../shared/domain/matching/archive-evidence.ts';
import type { VerdictRepository } from '../../../shared/domain/ports.ts';
import { defaultRatingScale } from '../../../shared/domain/rating-scale.ts';
import { claimSignature, normalizeStatement } from '../../../shared/domain/triage/index.ts';
import type { Verdict } from '../../../shared/domain/verdict.ts';

const falseLabel = defaultRatingScale.labels.find((l) => l.id === 'false')!;

function verdict(claimId: string, statement: string, over: Partial<Verdict> = {}): Verdict {
  const appearance = { url: 'https://example.org/post', date: '2024-01-01' };
  return {
    claimId,
    version: 1,
    rating: falseLabel,
    summary: `Summary of ${claimId}`,
    evidence: [],
    reviewers: [],
    publishedAt: '2024-01-02T00:00:00.000Z',
    claim: { statement, claimant: { name: 'Someone' }, appearances: [appearance], firstAppearance: appearance, language: 'en' },
    ...over,
  };
}

const archive = [
  verdict('v-troops', 'Some 3,000 North Korean troops have joined the Russian army in Ukraine.'),
  verdict('v-turbines', 'Wind turbines kill more birds than cats do.', {
    source: { publisher: 'Other Checkers', url: 'https://other.example/turbines' },
  }),
  // The same subject, another claim: above the related threshold, far below the best match.
  verdict('v-russia-army', 'The Russian army lost 3,000 tanks in Ukraine.'),
  verdict('v-parade', 'North Korean troops marched in a parade in Pyongyang.'),
  verdict('v-cats-birds', 'Pet cats kill billions of birds every year.'),
  // Share a word or two with the claims below, and nothing else.
  verdict('v-army-pay', 'The army raised soldiers’ pay by 4 percent this year.'),
  verdict('v-korea-food', 'South Korea banned the sale of dog meat.'),
  verdict('v-birds', 'A rare bird was seen in the city park last spring.'),
  verdict('v-cats', 'Cats were domesticated in Egypt.'),
];

async function provider(): Promise<ArchiveEvidenceProvider> {
  const index = new InMemorySimilarClaimIndex();
  for (const v of archive) {
    const normalized = normalizeStatement(v.claim.statement);
    await index.add({ kind: 'verdict', claimId: v.claimId, signature: claimSignature(normalized), text: normalized });
  }
  const byId = new Map(archive.map((v) => [v.claimId, v]));
  const verdicts: VerdictRepository = { publish: async () => {}, get: async (id) => byId.get(id) ?? null, getMany: async () => [] };
  return new ArchiveEvidenceProvider(index, verdicts, 'https://desk.example', 'Example Desk');
}

const search = async (statement: string) => (await provider()).search({ claimId: 'new', statement, language: 'en', limit: 5 }, AbortSignal.timeout(5000));

describe('archive evidence provider', () => {
  it('returns the verdict on the same claim, not those on the same subject far below it nor those sharing a word', async () => {
    const found = await search('North Korea has sent some 3,000 troops to fight in the Russian army');
    expect(found.map((f) => f.url)).toEqual(['https://desk.example/claims/v-troops/verdict/versions/1']);
    expect(found[0]).toMatchObject({ publisher: 'Example Desk', sourceRating: 'False', title: expect.stringContaining('North Korean troops') });
  });

  it('credits an imported verdict to the outlet that published it', async () => {
    const found = await search('Do wind turbines really kill more birds than cats?');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ url: 'https://desk.example/claims/v-turbines/verdict/versions/1', publisher: 'Other Checkers' });
  });

  it('takes the verdicts triage already found instead of looking the statement up again', async () => {
    const index = new InMemorySimilarClaimIndex();
    index.candidates = () => Promise.reject(new Error('looked the statement up again'));
    const byId = new Map(archive.map((v) => [v.claimId, v]));
    const p = new ArchiveEvidenceProvider(
      index,
      { publish: async () => {}, get: async (id) => byId.get(id) ?? null, getMany: async () => [] },
      'https://desk.example',
    );
    const archiveMatches = [{ kind: 'verdict' as const, claimId: 'v-troops', similarity: 0.9 }];
    const found = await p.search(
      { claimId: 'new', statement: 'North Korean troops in Ukraine', language: 'en', limit: 5, archiveMatches },
      AbortSignal.timeout(5000),
    );
    expect(found.map((f) => f.url)).toEqual(['https://desk.example/claims/v-troops/verdict/versions/1']);
  });

  it('looks the statement up in the language triage gave the claim, not the one the detector reads', async () => {
    const index = new InMemorySimilarClaimIndex();
    const asked: string[][] = [];
    index.candidates = async (signature) => {
      asked.push(signature.tokens);
      return [];
    };
    const p = new ArchiveEvidenceProvider(index, { publish: async () => {}, get: async () => null, getMany: async () => [] }, 'https://desk.example');
    // Declared German, read as English: "war" is a German stop word and an English noun.
    const statement = 'The inflation rate in Germany war 10% in 2022';
    await p.search({ claimId: 'new', statement, language: 'de', limit: 5 }, AbortSignal.timeout(5000));
    expect(asked).toEqual([claimSignature(normalizeStatement(statement), 'de').tokens]);
    expect(asked[0]).not.toContain('war');
  });

  it('returns nothing for a claim the archive has not checked', async () => {
    expect(await search('The central bank will print a new 500 euro note next month.')).toEqual([]);
  });
});

describe('which archive matches reach the reviewer', () => {
  const m = (claimId: string, similarity: number) => ({ kind: 'verdict' as const, claimId, similarity });

  it('keeps those close to the best one, best first, and drops the long tail', () => {
    expect(relevantArchiveMatches([m('b', 0.52), m('a', 0.6), m('c', 0.3), m('d', 0.25)], 5).map((x) => x.claimId)).toEqual(['a', 'b']);
  });

  it('keeps none below the related threshold however close they are to each other', () => {
    expect(relevantArchiveMatches([m('a', 0.19), m('b', 0.18)], 5)).toEqual([]);
  });

  it('returns at most the limit', () => {
    expect(relevantArchiveMatches([m('a', 0.9), m('b', 0.89), m('c', 0.88)], 2)).toHaveLength(2);
  });
});
