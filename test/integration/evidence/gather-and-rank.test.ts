/**
 * End to end: providers built from environment configuration, run against the fixture APIs, outcomes
 * ranked into the evidence stored on a claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankEvidence } from '../../../shared/domain/evidence-ranking.ts';
import { externalProvidersFromConfig } from '../../../shared/adapters/evidence/configured-providers.ts';
import { runProvider } from '../../../shared/domain/evidence-gathering.ts';
import { type EvidenceServer, startEvidenceServer } from '../../fixtures/evidence-server.ts';
import { query } from './helpers.ts';

const API_KEY = 'AIzaSy-e2e-SECRET';

describe('gathering from configured providers and ranking', () => {
  let server: EvidenceServer;

  beforeAll(async () => {
    server = await startEvidenceServer();
    server.on('/v1alpha1/claims:search', {
      kind: 'json',
      body: {
        claims: [
          {
            text: 'The moon landing was faked in a studio',
            claimReview: [
              {
                publisher: { name: 'FactCheck Weekly' },
                url: 'https://www.factcheck.example/moon-landing/?utm_source=google',
                title: 'Moon landing was not faked in a studio',
                textualRating: 'False',
              },
            ],
          },
        ],
      },
    });
    server.on('/w/api.php', {
      kind: 'json',
      body: {
        query: {
          search: [
            { title: 'Apollo 11', pageid: 1, snippet: 'first crewed <span class="searchmatch">landing</span>', timestamp: '2024-01-01T00:00:00Z' },
            { title: 'Sound stage', pageid: 2, snippet: 'a soundproof building for film production', timestamp: '2024-01-01T00:00:00Z' },
          ],
        },
      },
    });
    server.on('/news', {
      kind: 'json',
      body: {
        hits: [
          { href: 'http://factcheck.example/moon-landing', name: 'Moon landing hoax claims', outlet: 'FactCheck Weekly' },
          { href: 'https://news.example/weather', name: 'Weather this weekend', outlet: 'News' },
        ],
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('de-duplicates the same fact-check found by two providers and ranks it first', async () => {
    const providers = externalProvidersFromConfig({
      GOOGLE_FACTCHECK_API_KEY: API_KEY,
      GOOGLE_FACTCHECK_BASE_URL: server.baseUrl,
      MEDIAWIKI_BASE_URL: server.baseUrl,
      EVIDENCE_HTTP_PROVIDERS: JSON.stringify([
        {
          name: 'news',
          urlTemplate: `${server.baseUrl}/news?q={query}`,
          resultsPath: 'hits',
          fields: { url: 'href', title: 'name', publisher: 'outlet' },
        },
      ]),
    });
    const q = query({ statement: 'The moon landing was faked in a studio' });

    const outcomes = await Promise.all(providers.map((p) => runProvider(p, q, { timeoutMs: 1000, retries: 1, backoffMs: 1 })));
    expect(outcomes.map((o) => [o.provider, o.ok])).toEqual([
      ['google-fact-check', true],
      ['mediawiki', true],
      ['news', true],
    ]);

    const records = rankEvidence(q.statement, outcomes, { limit: 10 });

    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({
      canonicalUrl: 'https://factcheck.example/moon-landing',
      provider: 'google-fact-check',
      sourceRating: 'False',
      relevance: 1,
    });
    expect(records.filter((r) => r.canonicalUrl === 'https://factcheck.example/moon-landing')).toHaveLength(1);
    expect(records.at(-1)?.title).toBe('Weather this weekend');
    expect(JSON.stringify(records)).not.toContain(API_KEY);
  });
});
