import { describe, expect, it } from 'vitest';
import { EvidenceProviderError } from '../../../shared/domain/evidence.ts';
import { externalProvidersFromConfig } from '../../../shared/adapters/evidence/configured-providers.ts';

const httpProvider = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  urlTemplate: 'https://search.example/api?q={query}&n={limit}',
  headers: { authorization: 'Bearer very-secret-token' },
  resultsPath: 'results',
  fields: { url: 'url', title: 'title' },
  ...extra,
});

function configError(env: Record<string, string | undefined>): EvidenceProviderError {
  try {
    externalProvidersFromConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(EvidenceProviderError);
    expect((err as EvidenceProviderError).code).toBe('misconfigured');
    return err as EvidenceProviderError;
  }
  throw new Error('expected a configuration error');
}

describe('externalProvidersFromConfig', () => {
  it('enables only English Wikipedia when nothing is configured', () => {
    const providers = externalProvidersFromConfig({});
    expect(providers.map((p) => p.name)).toEqual(['mediawiki']);
  });

  it('adds Google Fact Check first when GOOGLE_FACTCHECK_API_KEY is set', () => {
    const providers = externalProvidersFromConfig({ GOOGLE_FACTCHECK_API_KEY: 'k-123456' });
    expect(providers.map((p) => p.name)).toEqual(['google-fact-check', 'mediawiki']);
  });

  it('searches each provider through its own adapter, with the configured settings', async () => {
    const requested: string[] = [];
    const fetchImpl = (async (url: string | URL) => {
      requested.push(String(url));
      return new Response(String(url).includes('api.php') ? '{"query":{"search":[]}}' : '{"claims":[],"results":[]}', {
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    const providers = externalProvidersFromConfig(
      {
        GOOGLE_FACTCHECK_API_KEY: 'k-123456',
        GOOGLE_FACTCHECK_BASE_URL: 'https://google.example',
        MEDIAWIKI_BASE_URL: 'https://{language}.wiki.example',
        EVIDENCE_HTTP_PROVIDERS: JSON.stringify([httpProvider('news-search')]),
      },
      { fetchImpl },
    );
    const query = { claimId: '01JCOLDSTART0000000000000Z', statement: 'The river flooded in 2024', language: 'de', limit: 5 };
    for (const provider of providers) {
      await provider.search(query, new AbortController().signal);
      await provider.search(query, new AbortController().signal);
    }
    const origins = requested.map((url) => `${new URL(url).origin}${new URL(url).pathname}`);
    expect(origins).toEqual([
      'https://google.example/v1alpha1/claims:search',
      'https://google.example/v1alpha1/claims:search',
      'https://de.wiki.example/w/api.php',
      'https://de.wiki.example/w/api.php',
      'https://search.example/api',
      'https://search.example/api',
    ]);
  });

  it('treats an empty GOOGLE_FACTCHECK_API_KEY as unset', () => {
    expect(externalProvidersFromConfig({ GOOGLE_FACTCHECK_API_KEY: '  ' }).map((p) => p.name)).toEqual(['mediawiki']);
  });

  it('disables MediaWiki with MEDIAWIKI_BASE_URL=off (any case)', () => {
    expect(externalProvidersFromConfig({ MEDIAWIKI_BASE_URL: 'off' })).toEqual([]);
    expect(externalProvidersFromConfig({ MEDIAWIKI_BASE_URL: 'OFF' })).toEqual([]);
  });

  it('adds the EVIDENCE_HTTP_PROVIDERS in configuration order after the built-ins', () => {
    const providers = externalProvidersFromConfig({
      GOOGLE_FACTCHECK_API_KEY: 'k-123456',
      EVIDENCE_HTTP_PROVIDERS: JSON.stringify([httpProvider('news-search'), httpProvider('gov-search')]),
    });
    expect(providers.map((p) => p.name)).toEqual(['google-fact-check', 'mediawiki', 'news-search', 'gov-search']);
  });

  it('names the variable when EVIDENCE_HTTP_PROVIDERS is not JSON', () => {
    expect(configError({ EVIDENCE_HTTP_PROVIDERS: '[{name: oops' }).message).toMatch(/^EVIDENCE_HTTP_PROVIDERS: not valid JSON/);
  });

  it('names the variable and the offending path when a provider config is invalid, without echoing header values', () => {
    const err = configError({
      EVIDENCE_HTTP_PROVIDERS: JSON.stringify([httpProvider('ok-one'), httpProvider('bad', { fields: { title: 'headline' } })]),
    });
    expect(err.message).toMatch(/^EVIDENCE_HTTP_PROVIDERS: invalid provider config/);
    expect(err.message).toContain('fields.url');
    expect(err.message).not.toContain('very-secret-token');
  });

  it('rejects a JSON value that is not an array', () => {
    expect(configError({ EVIDENCE_HTTP_PROVIDERS: JSON.stringify(httpProvider('solo')) }).message).toMatch(/expected array/);
  });

  it('rejects duplicate provider names and names reserved for built-in providers', () => {
    expect(configError({ EVIDENCE_HTTP_PROVIDERS: JSON.stringify([httpProvider('dup'), httpProvider('dup')]) }).message).toMatch(
      /duplicate provider name "dup"/,
    );
    expect(configError({ EVIDENCE_HTTP_PROVIDERS: JSON.stringify([httpProvider('mediawiki')]) }).message).toMatch(/reserved/);
  });

  it('rejects a bad setting when the providers are built, before any search', () => {
    // The runtime builds the providers at a cold start: a misconfigured function fails its first invocation.
    expect(configError({ MEDIAWIKI_BASE_URL: 'ftp://wiki.example.org' }).message).toMatch(/^MEDIAWIKI_BASE_URL: mediawiki: base URL must be an http\(s\) URL/);
    expect(configError({ GOOGLE_FACTCHECK_API_KEY: 'k-123456', GOOGLE_FACTCHECK_BASE_URL: '/relative' }).message).toMatch(
      /^GOOGLE_FACTCHECK_BASE_URL: google-fact-check: base URL must be an http\(s\) URL/,
    );
  });

  it('rejects a MEDIAWIKI_BASE_URL or GOOGLE_FACTCHECK_BASE_URL that is not http(s)', () => {
    expect(configError({ MEDIAWIKI_BASE_URL: 'wiki.example.org' }).message).toMatch(/^MEDIAWIKI_BASE_URL: /);
    expect(configError({ GOOGLE_FACTCHECK_API_KEY: 'k-123456', GOOGLE_FACTCHECK_BASE_URL: 'nope' }).message).toMatch(/^GOOGLE_FACTCHECK_BASE_URL: /);
  });
});
