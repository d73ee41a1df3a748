import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HttpJsonProviderConfig, HttpJsonProvider } from '../../../shared/adapters/evidence/http-json.ts';
import { type EvidenceServer, startEvidenceServer } from '../../fixtures/evidence-server.ts';
import { noDeadline, providerError, query } from './helpers.ts';

const body = {
  data: {
    total: 6,
    items: [
      {
        link: 'https://news.example/moon-hoax-debunked',
        headline: 'Moon landing <em>hoax</em> claims debunked',
        summary: 'Experts explain why the footage could not have been faked &amp; why.',
        source: { name: 'Example News' },
        date: '2023-03-04',
        verdict: 'False',
      },
      { link: 'https://news.example/no-title' },
      { headline: 'No link' },
      { link: 'javascript:alert(1)', headline: 'Script link' },
      { link: '/relative/path', headline: 'Relative link' },
      { link: 'https://news.example/minimal', headline: 'Minimal item', source: 'not-an-object', date: 'yesterday' },
    ],
  },
};

function config(baseUrl: string, overrides: Partial<HttpJsonProviderConfig> = {}): HttpJsonProviderConfig {
  return {
    name: 'example-search',
    urlTemplate: `${baseUrl}/search?q={query}&lang={language}&limit={limit}`,
    headers: { 'x-api-key': 'operator-secret-token' },
    resultsPath: 'data.items',
    fields: { url: 'link', title: 'headline', snippet: 'summary', publisher: 'source.name', publishedAt: 'date', sourceRating: 'verdict' },
    ...overrides,
  };
}

describe('operator-configured HTTP JSON provider', () => {
  let server: EvidenceServer;

  beforeAll(async () => {
    server = await startEvidenceServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  it('maps results found at resultsPath through the dotted field paths, dropping items without url or title and non-http(s) URLs', async () => {
    server.on('/search', { kind: 'json', body });
    const provider = new HttpJsonProvider(config(server.baseUrl));

    expect(provider.name).toBe('example-search');
    await expect(provider.search(query(), noDeadline())).resolves.toEqual([
      {
        url: 'https://news.example/moon-hoax-debunked',
        title: 'Moon landing hoax claims debunked',
        snippet: 'Experts explain why the footage could not have been faked & why.',
        publisher: 'Example News',
        publishedAt: '2023-03-04T00:00:00.000Z',
        sourceRating: 'False',
      },
      { url: 'https://news.example/minimal', title: 'Minimal item' },
    ]);
  });

  it('fills the URL template with URL-encoded placeholders and sends the configured headers', async () => {
    server.on('/search', { kind: 'json', body: { data: { items: [] } } });
    const provider = new HttpJsonProvider(config(server.baseUrl));

    await provider.search(query({ statement: 'a&b=c #1 / ünïcode?', language: 'pt-BR', limit: 3 }), noDeadline());

    const [req] = server.requestsTo('/search');
    expect(Object.fromEntries(req!.query)).toEqual({ q: 'a&b=c #1 / ünïcode?', lang: 'pt-BR', limit: '3' });
    expect(req?.headers['x-api-key']).toBe('operator-secret-token');
    expect(req?.headers.accept).toBe('application/json');
  });

  it('reads a top-level array when resultsPath is empty, and caps at query.limit', async () => {
    server.on('/search', {
      kind: 'json',
      body: [
        { link: 'https://a.example/1', headline: 'One' },
        { link: 'https://a.example/2', headline: 'Two' },
        { link: 'https://a.example/3', headline: 'Three' },
      ],
    });
    const provider = new HttpJsonProvider(config(server.baseUrl, { resultsPath: '' }));

    const candidates = await provider.search(query({ limit: 2 }), noDeadline());
    expect(candidates.map((c) => c.title)).toEqual(['One', 'Two']);
  });

  it('reports a resultsPath that does not lead to an array as malformed_response', async () => {
    server.on('/search', { kind: 'json', body: { data: { items: { link: 'x' } } } });
    const err = await providerError(new HttpJsonProvider(config(server.baseUrl)).search(query(), noDeadline()), 'malformed_response');
    expect(err.message).toBe(`example-search: expected an array at "data.items", got object (GET ${server.baseUrl}/search?…)`);
  });

  it('keeps configured header values out of error messages', async () => {
    server.on('/search', { kind: 'status', status: 401, body: 'bad token operator-secret-token' });
    const err = await providerError(new HttpJsonProvider(config(server.baseUrl)).search(query(), noDeadline()), 'http_error');
    expect(err.message).not.toContain('operator-secret-token');
  });

  it.each([
    ['an unknown placeholder', { urlTemplate: 'https://x.example/?q={qeury}' }, /unknown placeholder/],
    ['a non-http URL template', { urlTemplate: 'file:///etc/passwd?{query}' }, /http\(s\) URL/],
    ['a results path with empty segments', { resultsPath: 'data..items' }, /dotted path/],
    ['a header value with a line break', { headers: { 'x-key': 'a\r\nInjected: 1' } }, /line breaks/],
  ] as const)('refuses a config with %s (misconfigured)', (_name, overrides, message) => {
    expect(() => new HttpJsonProvider(config('https://x.example', overrides as Partial<HttpJsonProviderConfig>))).toThrow(message);
    try {
      new HttpJsonProvider(config('https://x.example', overrides as Partial<HttpJsonProviderConfig>));
    } catch (err) {
      expect(err).toMatchObject({ code: 'misconfigured' });
    }
  });
});
