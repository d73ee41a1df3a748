import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceProviderError } from '../../../shared/domain/evidence.ts';
import { GoogleFactCheckProvider } from '../../../shared/adapters/evidence/google-fact-check.ts';
import { runProvider } from '../../../shared/domain/evidence-gathering.ts';
import { type EvidenceServer, type FixtureReply, startEvidenceServer, unusedLocalUrl } from '../../fixtures/evidence-server.ts';
import { noDeadline, providerError, query } from './helpers.ts';

const PATH = '/v1alpha1/claims:search';
const API_KEY = 'AIzaSy-test-SECRET-key_0123456789';

const documentedResponse = {
  claims: [
    {
      text: 'The 1969 moon landing was filmed in a studio.',
      claimant: 'Viral video',
      claimDate: '2019-07-16T00:00:00Z',
      claimReview: [
        {
          publisher: { name: 'FactCheck Weekly', site: 'factcheckweekly.example' },
          url: 'https://factcheckweekly.example/moon-landing-studio',
          title: 'No, the moon landing was not staged in a studio',
          reviewDate: '2019-07-18T00:00:00Z',
          textualRating: 'False',
          languageCode: 'en',
        },
        {
          publisher: { name: 'Verify Desk' },
          url: 'https://verify.example/articles/42',
          languageCode: 'en',
        },
      ],
    },
    {
      text: 'Astronauts never left low Earth orbit.',
      claimReview: [
        {
          publisher: { name: 'Science Checks', site: 'sciencechecks.example' },
          url: 'https://sciencechecks.example/orbit',
          title: 'Apollo astronauts did travel to the Moon',
          textualRating: 'Pants on Fire',
        },
      ],
    },
  ],
  nextPageToken: 'CAo',
};

describe('Google Fact Check Tools provider', () => {
  let server: EvidenceServer;
  let provider: GoogleFactCheckProvider;

  beforeAll(async () => {
    server = await startEvidenceServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    provider = new GoogleFactCheckProvider({ apiKey: API_KEY, baseUrl: server.baseUrl, timeoutMs: 1_500 });
  });

  it('turns every claimReview of a documented claims:search response into a candidate', async () => {
    server.on(PATH, { kind: 'json', body: documentedResponse });

    const candidates = await provider.search(query(), noDeadline());

    expect(candidates).toEqual([
      {
        url: 'https://factcheckweekly.example/moon-landing-studio',
        title: 'No, the moon landing was not staged in a studio',
        snippet: 'Viral video: The 1969 moon landing was filmed in a studio. — Rating: False',
        publisher: 'FactCheck Weekly',
        publishedAt: '2019-07-18T00:00:00.000Z',
        sourceRating: 'False',
      },
      {
        url: 'https://verify.example/articles/42',
        title: 'The 1969 moon landing was filmed in a studio.',
        snippet: 'Viral video: The 1969 moon landing was filmed in a studio.',
        publisher: 'Verify Desk',
      },
      {
        url: 'https://sciencechecks.example/orbit',
        title: 'Apollo astronauts did travel to the Moon',
        snippet: 'Astronauts never left low Earth orbit. — Rating: Pants on Fire',
        publisher: 'Science Checks',
        sourceRating: 'Pants on Fire',
      },
    ]);
  });

  it('asks claims:search with the statement, language, page size and key, as JSON from factflow', async () => {
    server.on(PATH, { kind: 'json', body: {} });

    await provider.search(query({ statement: 'Vaccines & 5G: "linked"?', language: 'fr', limit: 7 }), noDeadline());

    const [req] = server.requestsTo(PATH);
    expect(req?.method).toBe('GET');
    expect(Object.fromEntries(req!.query)).toEqual({
      query: 'Vaccines & 5G: "linked"?',
      languageCode: 'fr',
      pageSize: '7',
      key: API_KEY,
    });
    expect(req?.headers.accept).toBe('application/json');
    expect(req?.headers['user-agent']).toBe('factflow/0.1');
  });

  it('returns no candidates when the API found no claims (empty object)', async () => {
    server.on(PATH, { kind: 'json', body: {} });
    await expect(provider.search(query(), noDeadline())).resolves.toEqual([]);
  });

  it('returns at most query.limit candidates even when claims carry many reviews', async () => {
    server.on(PATH, { kind: 'json', body: documentedResponse });
    await expect(provider.search(query({ limit: 2 }), noDeadline())).resolves.toHaveLength(2);
  });

  it('drops reviews whose URL is not http(s)', async () => {
    server.on(PATH, {
      kind: 'json',
      body: {
        claims: [
          {
            text: 'x',
            claimReview: [
              { publisher: { name: 'A' }, url: 'javascript:alert(1)' },
              { publisher: { name: 'B' }, url: 'https://b.example/ok' },
            ],
          },
        ],
      },
    });
    const candidates = await provider.search(query(), noDeadline());
    expect(candidates.map((c) => c.url)).toEqual(['https://b.example/ok']);
  });

  it('rejects a claim without claimReview (not the documented format) as malformed_response', async () => {
    server.on(PATH, { kind: 'json', body: { claims: [{ text: 'x' }] } });
    const err = await providerError(provider.search(query(), noDeadline()), 'malformed_response');
    expect(err.message).toContain('claims.0.claimReview');
  });

  it('refuses to be constructed without an API key (misconfigured)', () => {
    expect(() => new GoogleFactCheckProvider({ apiKey: '  ' })).toThrow(expect.objectContaining({ code: 'misconfigured' }) as unknown as Error);
  });

  describe('never reveals the API key', () => {
    const failures: [string, FixtureReply][] = [
      ['HTTP 403', { kind: 'status', status: 403, body: `key ${API_KEY} is invalid` }],
      ['HTTP 500', { kind: 'status', status: 500 }],
      ['malformed JSON', { kind: 'text', body: '{"claims": [' }],
      ['wrong shape', { kind: 'json', body: { claims: 'nope' } }],
      ['HTML instead of JSON', { kind: 'text', body: '<html>quota</html>', contentType: 'text/html' }],
      ['a timeout', { kind: 'hang' }],
      ['a connection reset', { kind: 'reset' }],
    ];

    it.each(failures)('in the error of a provider failing with %s', async (_name, reply) => {
      server.on(PATH, reply);
      let err: unknown;
      try {
        await provider.search(query(), noDeadline());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EvidenceProviderError);
      const text = `${(err as Error).message} ${(err as Error).stack ?? ''}`;
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(encodeURIComponent(API_KEY));
      expect(text).toContain(`${server.baseUrl}${PATH}`); // still says where it failed
    });

    it('in the outcome recorded by runProvider after retries, nor when nothing listens', async () => {
      const dead = new GoogleFactCheckProvider({ apiKey: API_KEY, baseUrl: await unusedLocalUrl() });
      const outcome = await runProvider(dead, query(), { timeoutMs: 1000, retries: 1, backoffMs: 1 });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'network_error' } });
      expect(JSON.stringify(outcome)).not.toContain(API_KEY);
    });
  });
});
