/**
 * Every provider maps every way an upstream can fail to the same `EvidenceProviderError` codes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceProvider, ProviderErrorCode } from '../../../shared/domain/evidence.ts';
import { EvidenceHttpError } from '../../../shared/adapters/evidence/http.ts';
import { GoogleFactCheckProvider } from '../../../shared/adapters/evidence/google-fact-check.ts';
import { HttpJsonProvider } from '../../../shared/adapters/evidence/http-json.ts';
import { MediaWikiProvider } from '../../../shared/adapters/evidence/mediawiki.ts';
import { type EvidenceServer, type FixtureReply, startEvidenceServer, unusedLocalUrl } from '../../fixtures/evidence-server.ts';
import { noDeadline, providerError, query } from './helpers.ts';

// Long enough that a loaded CI machine answers a 500 in time (300 ms once read a slow first answer as a timeout),
// short enough to keep the hang and trickle cases quick; the trickle below outlasts it twice over.
const TIMEOUT_MS = 1_500;

interface Subject {
  name: string;
  path: string;
  make(baseUrl: string): EvidenceProvider;
}

const subjects: Subject[] = [
  {
    name: 'google-fact-check',
    path: '/v1alpha1/claims:search',
    make: (baseUrl) => new GoogleFactCheckProvider({ apiKey: 'test-key-123456', baseUrl, timeoutMs: TIMEOUT_MS }),
  },
  {
    name: 'mediawiki',
    path: '/w/api.php',
    make: (baseUrl) => new MediaWikiProvider({ baseUrl, timeoutMs: TIMEOUT_MS }),
  },
  {
    name: 'http-json',
    path: '/search',
    make: (baseUrl) =>
      new HttpJsonProvider({
        name: 'example-search',
        urlTemplate: `${baseUrl}/search?q={query}`,
        resultsPath: 'data.items',
        fields: { url: 'link', title: 'headline' },
        timeoutMs: TIMEOUT_MS,
      }),
  },
];

/** [description, reply, expected code, expected message fragment] */
const failureModes: [string, FixtureReply, ProviderErrorCode, RegExp][] = [
  ['a 500 is an http_error naming the status', { kind: 'status', status: 500 }, 'http_error', /HTTP 500/],
  ['a 429 is an http_error naming the status', { kind: 'status', status: 429 }, 'http_error', /HTTP 429/],
  ['a 404 is an http_error naming the status', { kind: 'status', status: 404 }, 'http_error', /HTTP 404/],
  ['a server that never answers is a timeout', { kind: 'hang' }, 'timeout', new RegExp(`within ${TIMEOUT_MS} ms`)],
  [
    'a body trickling in past the deadline is a timeout',
    { kind: 'trickle', chunks: Array.from({ length: 30 }, () => ' '), intervalMs: 100 },
    'timeout',
    /within/,
  ],
  ['invalid JSON is a malformed_response', { kind: 'text', body: '{"query": {"search": [' }, 'malformed_response', /not valid JSON/],
  [
    'a non-JSON content type is a malformed_response',
    { kind: 'text', body: '<html></html>', contentType: 'text/html' },
    'malformed_response',
    /content-type text\/html/,
  ],
  ['JSON of the wrong shape is a malformed_response', { kind: 'json', body: { claims: 1, query: 2, data: { items: 3 } } }, 'malformed_response', /./],
  ['a JSON array instead of an object is a malformed_response', { kind: 'json', body: [1, 2, 3] }, 'malformed_response', /./],
  ['a body over 1 MiB is a malformed_response (streamed)', { kind: 'oversized', bytes: 1_500_000 }, 'malformed_response', /exceeds the 1048576-byte limit/],
  ['a body declared over 1 MiB is a malformed_response', { kind: 'oversized', bytes: 1_500_000, declareLength: true }, 'malformed_response', /exceeds/],
  ['a connection reset is a network_error', { kind: 'reset' }, 'network_error', /request failed/],
];

describe.each(subjects)('$name provider failure modes', (subject) => {
  let server: EvidenceServer;
  let provider: EvidenceProvider;

  beforeAll(async () => {
    server = await startEvidenceServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    provider = subject.make(server.baseUrl);
  });

  it.each(failureModes)('%s', async (_desc, reply, code, message) => {
    server.on(subject.path, reply);
    const err = await providerError(provider.search(query(), noDeadline()), code);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${provider.name}: `)).toBe(true);
  });

  it('an http_error carries the status and whether a retry can help', async () => {
    server.on(subject.path, { kind: 'status', status: 503, headers: { 'retry-after': '2' } });
    const err = await providerError(provider.search(query(), noDeadline()), 'http_error');
    expect(err).toBeInstanceOf(EvidenceHttpError);
    expect(err).toMatchObject({ status: 503, transient: true, retryAfterMs: 2000 });

    server.on(subject.path, { kind: 'status', status: 404 });
    await expect(provider.search(query(), noDeadline())).rejects.toMatchObject({ status: 404, transient: false });
  });

  it("the caller's signal aborting mid-request is a timeout", async () => {
    server.on(subject.path, { kind: 'hang' });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 30);
    const started = Date.now();
    const err = await providerError(provider.search(query(), caller.signal), 'timeout');
    expect(err.message).toMatch(/aborted by caller/);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it('an already-aborted signal fails with timeout before any request', async () => {
    server.on(subject.path, { kind: 'json', body: {} });
    await providerError(provider.search(query(), AbortSignal.abort()), 'timeout');
    expect(server.requests).toHaveLength(0);
  });

  it('a refused connection is a network_error', async () => {
    const dead = subject.make(await unusedLocalUrl());
    await providerError(dead.search(query(), noDeadline()), 'network_error');
  });
});
