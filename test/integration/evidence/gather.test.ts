import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EvidenceProvider, EvidenceProviderError } from '../../../shared/domain/evidence.ts';
import { runProvider } from '../../../shared/domain/evidence-gathering.ts';
import { HttpJsonProvider } from '../../../shared/adapters/evidence/http-json.ts';
import { type EvidenceServer, startEvidenceServer } from '../../fixtures/evidence-server.ts';
import { query } from './helpers.ts';

const ok = { kind: 'json', body: { items: [{ link: 'https://a.example/1', headline: 'Moon landing' }] } } as const;

describe('runProvider', () => {
  let server: EvidenceServer;
  let provider: EvidenceProvider;
  // Generous per attempt: a local answer slower than the timeout on a loaded machine would count as a timeout
  // and add an attempt (the tests that time out on purpose hang the server and set their own).
  const fast = { timeoutMs: 1_500, retries: 3, backoffMs: 1 };

  beforeAll(async () => {
    server = await startEvidenceServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.reset();
    provider = new HttpJsonProvider({
      name: 'example-search',
      urlTemplate: `${server.baseUrl}/search?q={query}`,
      resultsPath: 'items',
      fields: { url: 'link', title: 'headline' },
    });
  });

  it('returns the candidates with provider name and retrieval time on success', async () => {
    server.on('/search', ok);
    const outcome = await runProvider(provider, query(), { ...fast, now: () => new Date('2025-01-02T03:04:05Z') });
    expect(outcome).toEqual({
      provider: 'example-search',
      ok: true,
      retrievedAt: '2025-01-02T03:04:05.000Z',
      candidates: [{ url: 'https://a.example/1', title: 'Moon landing' }],
    });
  });

  it.each([
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503 }],
    ['a 429', { kind: 'status', status: 429 }],
    ['a timeout', { kind: 'hang' }],
    ['a connection reset', { kind: 'reset' }],
  ] as const)('retries after %s and succeeds', async (_name, failure) => {
    server.on('/search', [failure, failure, ok]);
    const outcome = await runProvider(provider, query(), fast);
    expect(outcome.ok).toBe(true);
    expect(server.requestsTo('/search')).toHaveLength(3);
  });

  it.each([
    ['a 404', { kind: 'status', status: 404 }, 'http_error'],
    ['a 400', { kind: 'status', status: 400 }, 'http_error'],
    ['a 401', { kind: 'status', status: 401 }, 'http_error'],
    ['malformed JSON', { kind: 'text', body: '{oops' }, 'malformed_response'],
    ['a wrong shape', { kind: 'json', body: { items: 'none' } }, 'malformed_response'],
  ] as const)('does not retry %s and records it as %s', async (_name, failure, code) => {
    server.on('/search', [failure, ok]);
    const outcome = await runProvider(provider, query(), fast);
    expect(outcome).toMatchObject({ ok: false, provider: 'example-search', error: { code } });
    expect(server.requestsTo('/search')).toHaveLength(1);
  });

  it('gives up after 1 + retries attempts and records the last error', async () => {
    server.on('/search', { kind: 'status', status: 502 });
    const outcome = await runProvider(provider, query(), { ...fast, retries: 2 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'http_error' } });
    if (!outcome.ok) expect(outcome.error.message).toMatch(/HTTP 502.*\(after 3 attempts\)$/);
    expect(server.requestsTo('/search')).toHaveLength(3);
  });

  it('records a timeout when every attempt exceeds timeoutMs', async () => {
    server.on('/search', { kind: 'hang' });
    const outcome = await runProvider(provider, query(), { timeoutMs: 100, retries: 1, backoffMs: 1 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(server.requestsTo('/search')).toHaveLength(2);
  });

  it('waits with exponential backoff and full jitter, capped at maxBackoffMs', async () => {
    server.on('/search', { kind: 'status', status: 500 });
    const waits: number[] = [];
    await runProvider(provider, query(), {
      timeoutMs: 250,
      retries: 4,
      backoffMs: 100,
      maxBackoffMs: 500,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([50, 100, 200, 250]);
  });

  it('honours Retry-After on a 429, up to maxBackoffMs', async () => {
    server.on('/search', [{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }, ok]);
    const waits: number[] = [];
    const outcome = await runProvider(provider, query(), {
      ...fast,
      maxBackoffMs: 800,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(outcome.ok).toBe(true);
    expect(waits).toEqual([800]);
  });

  it('never throws: a provider that throws synchronously or a non-provider error is recorded as network_error', async () => {
    const broken: EvidenceProvider = {
      name: 'broken',
      search: () => {
        throw new TypeError('boom');
      },
    };
    const outcome = await runProvider(broken, query(), { ...fast, retries: 0 });
    expect(outcome).toMatchObject({ ok: false, provider: 'broken', error: { code: 'network_error', message: 'provider failed: TypeError: boom' } });
  });

  it('abandons a provider that ignores its signal once the attempt times out', async () => {
    const deaf: EvidenceProvider = { name: 'deaf', search: () => new Promise(() => undefined) };
    const started = Date.now();
    const outcome = await runProvider(deaf, query(), { timeoutMs: 50, retries: 0, backoffMs: 1 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not retry a misconfigured provider', async () => {
    let calls = 0;
    const misconfigured: EvidenceProvider = {
      name: 'm',
      search: async () => {
        calls++;
        throw new EvidenceProviderError('misconfigured', 'm: no key');
      },
    };
    await expect(runProvider(misconfigured, query(), fast)).resolves.toMatchObject({ ok: false, error: { code: 'misconfigured' } });
    expect(calls).toBe(1);
  });

  // Whether a failure is transient is the provider's to say (HTTP statuses are the adapters' knowledge, not the domain's):
  // before, the domain read a status out of the message ("HTTP 503").
  it('retries an http_error its provider marks retryable, not one it does not', async () => {
    const seen: number[] = [];
    const foreign = (status: number): EvidenceProvider => ({
      name: 'foreign',
      search: async () => {
        seen.push(status);
        throw new EvidenceProviderError('http_error', `archive: HTTP ${status}`, { retryable: status >= 500 });
      },
    });
    await runProvider(foreign(503), query(), { ...fast, retries: 1 });
    await runProvider(foreign(403), query(), { ...fast, retries: 1 });
    expect(seen).toEqual([503, 503, 403]);
  });

  it('stops retrying when the outer signal aborts', async () => {
    server.on('/search', { kind: 'hang' });
    const outer = new AbortController();
    const run = runProvider(provider, query(), { timeoutMs: 5000, retries: 5, backoffMs: 1, signal: outer.signal });
    // Aborted once the first attempt has reached the server (a fixed delay may fire before it does).
    while (server.requestsTo('/search').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    outer.abort();
    const outcome = await run;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(server.requestsTo('/search')).toHaveLength(1);
  });

  it('drops candidates that break the contract and caps them at query.limit', async () => {
    const sloppy: EvidenceProvider = {
      name: 'sloppy',
      search: async () =>
        [
          { url: 'https://a.example/1', title: 'A' },
          { url: '', title: 'no url' },
          { title: 'missing url' },
          { url: 'https://a.example/2', title: 'B' },
          { url: 'https://a.example/3', title: 'C' },
        ] as never,
    };
    const outcome = await runProvider(sloppy, query({ limit: 2 }), fast);
    expect(outcome.ok && outcome.candidates.map((c) => c.title)).toEqual(['A', 'B']);
  });
});
