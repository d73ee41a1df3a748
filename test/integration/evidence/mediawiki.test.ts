import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceHttpError } from '../../../shared/adapters/evidence/http.ts';
import { runProvider } from '../../../shared/domain/evidence-gathering.ts';
import { MediaWikiProvider, articleUrl, publisherForHost } from '../../../shared/adapters/evidence/mediawiki.ts';
import { type EvidenceServer, startEvidenceServer } from '../../fixtures/evidence-server.ts';
import { noDeadline, providerError, query } from './helpers.ts';

const PATH = '/w/api.php';

const documentedResponse = {
  batchcomplete: '',
  continue: { sroffset: 2, continue: '-||' },
  query: {
    searchinfo: { totalhits: 1234 },
    search: [
      {
        ns: 0,
        title: 'Moon landing conspiracy theories',
        pageid: 19919,
        snippet:
          'claim that some or all elements of the Apollo program and the associated <span class="searchmatch">Moon</span> <span class="searchmatch">landings</span> were &quot;hoaxes&quot; staged by NASA &amp; others',
        timestamp: '2024-05-01T12:34:56Z',
      },
      {
        ns: 0,
        title: 'AC/DC',
        pageid: 1,
        snippet: 'Rock band &#8212; not about the <span class="searchmatch">Moon</span>&#x21;',
        timestamp: '2024-01-02T03:04:05Z',
      },
    ],
  },
};

describe('MediaWiki search provider', () => {
  let server: EvidenceServer;

  beforeAll(async () => {
    server = await startEvidenceServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  it('turns list=search hits into article candidates with plain-text snippets', async () => {
    server.on(PATH, { kind: 'json', body: documentedResponse });
    const provider = new MediaWikiProvider({ baseUrl: server.baseUrl });

    const candidates = await provider.search(query(), noDeadline());

    expect(candidates).toEqual([
      {
        url: `${server.baseUrl}/wiki/Moon_landing_conspiracy_theories`,
        title: 'Moon landing conspiracy theories',
        snippet: 'claim that some or all elements of the Apollo program and the associated Moon landings were "hoaxes" staged by NASA & others',
        publisher: '127.0.0.1',
        publishedAt: '2024-05-01T12:34:56.000Z',
      },
      {
        url: `${server.baseUrl}/wiki/AC%2FDC`,
        title: 'AC/DC',
        snippet: 'Rock band — not about the Moon!',
        publisher: '127.0.0.1',
        publishedAt: '2024-01-02T03:04:05.000Z',
      },
    ]);
  });

  it('sends the documented Action API search parameters', async () => {
    server.on(PATH, { kind: 'json', body: { query: { search: [] } } });
    await new MediaWikiProvider({ baseUrl: server.baseUrl }).search(query({ statement: 'Café & crème', limit: 5 }), noDeadline());

    const [req] = server.requestsTo(PATH);
    expect(Object.fromEntries(req!.query)).toEqual({
      action: 'query',
      list: 'search',
      srsearch: 'Café & crème',
      format: 'json',
      srlimit: '5',
      srprop: 'snippet|timestamp',
      utf8: '1',
    });
    expect(req?.headers['user-agent']).toBe('factflow/0.1');
  });

  it('returns no candidates for an empty search result', async () => {
    server.on(PATH, { kind: 'json', body: { batchcomplete: '', query: { search: [] } } });
    await expect(new MediaWikiProvider({ baseUrl: server.baseUrl }).search(query(), noDeadline())).resolves.toEqual([]);
  });

  it("substitutes {language} in the base URL with the claim's language", async () => {
    server.on('/fr/w/api.php', { kind: 'json', body: documentedResponse });
    const provider = new MediaWikiProvider({ baseUrl: `${server.baseUrl}/{language}` });

    const [first] = await provider.search(query({ language: 'fr' }), noDeadline());

    expect(server.requestsTo('/fr/w/api.php')).toHaveLength(1);
    expect(first?.url).toBe(`${server.baseUrl}/fr/wiki/Moon_landing_conspiracy_theories`);
  });

  it('reports an API error body ({ error: { code, info } }) as a permanent http_error', async () => {
    server.on(PATH, { kind: 'json', body: { error: { code: 'badvalue', info: 'Unrecognized value for parameter "list".' } } });
    const err = await providerError(new MediaWikiProvider({ baseUrl: server.baseUrl }).search(query(), noDeadline()), 'http_error');
    expect(err.message).toBe('mediawiki: API error badvalue: Unrecognized value for parameter "list".');
    expect(err).toBeInstanceOf(EvidenceHttpError);
    expect((err as EvidenceHttpError).transient).toBe(false);
  });

  it('treats a maxlag API error as transient, so runProvider retries it', async () => {
    server.on(PATH, [
      { kind: 'json', body: { error: { code: 'maxlag', info: 'Waiting for a database server: 6 seconds lagged.' } } },
      { kind: 'json', body: documentedResponse },
    ]);
    const outcome = await runProvider(new MediaWikiProvider({ baseUrl: server.baseUrl }), query(), {
      timeoutMs: 1000,
      retries: 2,
      backoffMs: 1,
    });
    expect(outcome).toMatchObject({ ok: true, provider: 'mediawiki' });
    expect(server.requestsTo(PATH)).toHaveLength(2);
  });

  it('rejects a search hit missing its documented fields as malformed_response', async () => {
    server.on(PATH, { kind: 'json', body: { query: { search: [{ title: 'x', pageid: 1 }] } } });
    const err = await providerError(new MediaWikiProvider({ baseUrl: server.baseUrl }).search(query(), noDeadline()), 'malformed_response');
    expect(err.message).toContain('query.search.0.snippet');
  });

  it('names Wikipedia as the publisher for any wikipedia.org host, else the host', () => {
    expect(publisherForHost('en.wikipedia.org')).toBe('Wikipedia');
    expect(publisherForHost('de.wikipedia.org')).toBe('Wikipedia');
    expect(publisherForHost('www.wikipedia.org')).toBe('Wikipedia');
    expect(publisherForHost('wiki.example.org')).toBe('wiki.example.org');
    expect(publisherForHost('notwikipedia.org')).toBe('notwikipedia.org');
  });

  it('builds article URLs with underscores for spaces and encodeURIComponent for the rest', () => {
    expect(articleUrl('https://en.wikipedia.org/', 'Café (film)')).toBe('https://en.wikipedia.org/wiki/Caf%C3%A9_(film)');
    expect(articleUrl('https://en.wikipedia.org', 'What? & Why')).toBe('https://en.wikipedia.org/wiki/What%3F_%26_Why');
  });

  it('refuses a non-http(s) base URL (misconfigured)', () => {
    expect(() => new MediaWikiProvider({ baseUrl: 'ftp://wiki.example' })).toThrow(/base URL/);
  });
});
