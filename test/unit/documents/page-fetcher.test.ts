/**
 * The page reader follows redirects by hand and checks every target with the outbound guard: a public page that
 * redirects to a private address is refused, naming /url and the rule.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedPageFetcher } from '../../../shared/adapters/documents/page-fetcher.ts';
import { WebhookTargetValidator } from '../../../shared/adapters/webhooks/target-validation.ts';
import { DomainError } from '../../../shared/domain/errors.ts';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (req.url === '/to-local') res.writeHead(301, { location: 'https://127.0.0.1:1/admin' }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('Prices rose by 3.9% in March.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

/** The strict guard, except that the test's own first URL is let through (it is on loopback). */
function fetcherTrustingFirstHop(first: string) {
  const strict = new WebhookTargetValidator({ allowPrivate: false });
  const loopbackAllowed = new WebhookTargetValidator({ allowPrivate: true });
  return new GuardedPageFetcher(
    { check: (raw: string) => (raw === first ? loopbackAllowed.check(raw) : strict.check(raw)), lookup: () => loopbackAllowed.lookup() },
    { timeoutMs: 2000, maxBytes: 1024 * 1024 },
  );
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('reading a page from a URL', () => {
  it('refuses a redirect to a private or metadata address', async () => {
    for (const path of ['/to-metadata', '/to-local']) {
      const url = `${base}${path}`;
      const err = await refusal(fetcherTrustingFirstHop(url).fetch(url));
      expect(err.kind).toBe('invalid');
      expect(err.detail).toMatchObject({ field: '/url' });
      expect(['https', 'public-address']).toContain(err.detail?.rule);
    }
  });

  it('refuses a private address given directly', async () => {
    const fetcher = new GuardedPageFetcher(new WebhookTargetValidator({ allowPrivate: false }), { timeoutMs: 2000, maxBytes: 1024 });
    const err = await refusal(fetcher.fetch('https://10.0.0.1/news'));
    expect(err.detail).toMatchObject({ field: '/url', rule: 'public-address' });
  });

  it('reads a plain-text page', async () => {
    const url = `${base}/ok`;
    expect(await fetcherTrustingFirstHop(url).fetch(url)).toMatchObject({ contentType: 'text/plain', body: 'Prices rose by 3.9% in March.' });
  });
});
