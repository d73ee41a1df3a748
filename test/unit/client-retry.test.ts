import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFactflowClient } from '../../client/index.ts';
import { isRetrySafe, retryingFetch } from '../../client/retry.ts';

/** A server answering each request with the next scripted answer (the last repeats), recording what it got. */
let server: Server;
let baseUrl: string;
let script: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>;
let seen: Array<{ method: string; url: string; body: string; idempotencyKey: string | undefined }>;

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method ?? '', url: req.url ?? '', body, idempotencyKey: req.headers['idempotency-key'] as string | undefined });
    const answer = script[Math.min(seen.length - 1, script.length - 1)]!;
    const json = answer.body ?? (answer.status >= 400 ? { type: '/problems/unavailable', title: 'Unavailable', status: answer.status } : { ok: true });
    res.writeHead(answer.status, { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json', ...answer.headers });
    res.end(JSON.stringify(json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const fast = { backoff: { baseMs: 1, maxMs: 5, jitter: 'none' as const } };

describe('the typed client retries what is safe to send again', () => {
  it('a read answered 503 with Retry-After is sent again after the wait and the final answer is returned', async () => {
    script = [
      { status: 503, headers: { 'retry-after': '0' } },
      { status: 503, headers: { 'retry-after': '0' } },
      { status: 200, body: { id: 'c1' } },
    ];
    const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: fast });
    const { response } = await client.GET('/claims/{id}', { params: { path: { id: '01JCLIENTRETRY00000000000A' } } });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.method === 'GET')).toBe(true);
  });

  it('a submission with an Idempotency-Key is sent again with the same body and key after a 429', async () => {
    script = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 202, body: { id: 'c2' } },
    ];
    const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: fast });
    const body = {
      statement: 'Unemployment fell to 3.9% in March.',
      claimant: { name: 'A minister' },
      appearances: [{ url: 'https://example.org/a', date: '2025-01-15' }],
    };
    const { response } = await client.POST('/claims', { body, headers: { 'idempotency-key': 'key-1' } });
    expect(response.status).toBe(202);
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.idempotencyKey)).toEqual(['key-1', 'key-1']);
    expect(JSON.parse(seen[1]!.body)).toEqual(body);
    expect(seen[1]!.body).toBe(seen[0]!.body);
  });

  it('a submission without an Idempotency-Key is never sent twice: the 503 comes back to the caller', async () => {
    script = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 202 }];
    const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: fast });
    const { response, error } = await client.POST('/claims', {
      body: {
        statement: 'Unemployment fell to 3.9% in March.',
        claimant: { name: 'A minister' },
        appearances: [{ url: 'https://example.org/a', date: '2025-01-15' }],
      },
    });
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
  });

  it("gives up after the policy's retries and returns the last answer", async () => {
    script = [{ status: 503 }];
    const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: { ...fast, retries: 2 } });
    const { response } = await client.GET('/claims/{id}', { params: { path: { id: '01JCLIENTRETRY00000000000B' } } });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it('a Retry-After longer than the longest accepted wait is returned at once instead of slept through', async () => {
    script = [{ status: 429, headers: { 'retry-after': '60' } }, { status: 200 }];
    const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: { ...fast, maxWaitMs: 1000 } });
    const { response } = await client.GET('/claims/{id}', { params: { path: { id: '01JCLIENTRETRY00000000000C' } } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(seen).toHaveLength(1);
  });

  it('answers that a retry cannot change (400, 404, 500) are returned as they came', async () => {
    for (const status of [400, 404, 500]) {
      seen = [];
      script = [{ status }, { status: 200 }];
      const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: fast });
      const { response } = await client.GET('/claims/{id}', { params: { path: { id: '01JCLIENTRETRY00000000000D' } } });
      expect(response.status).toBe(status);
      expect(seen).toHaveLength(1);
    }
  });

  it('retry: false sends each request once', async () => {
    script = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 200 }];
    const client = createFactflowClient({ baseUrl, key: 'ff_test', retry: false });
    const { response } = await client.GET('/claims/{id}', { params: { path: { id: '01JCLIENTRETRY00000000000E' } } });
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it("a network error on a read is retried; the caller's abort ends the wait at once", async () => {
    let calls = 0;
    const flaky = retryingFetch(
      async (request) => {
        calls++;
        if (calls === 1) throw new TypeError('fetch failed');
        return fetch(request);
      },
      { retries: 3, maxWaitMs: 1000, backoff: { baseMs: 1, jitter: 'none' } },
    );
    script = [{ status: 200 }];
    expect((await flaky(new Request(`${baseUrl}/claims/x`))).status).toBe(200);
    expect(calls).toBe(2);

    script = [{ status: 503, headers: { 'retry-after': '10' } }];
    const controller = new AbortController();
    const slow = retryingFetch((request) => fetch(request), { retries: 3, maxWaitMs: 60_000, backoff: { baseMs: 1, jitter: 'none' } });
    const pending = slow(new Request(`${baseUrl}/claims/y`, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(pending).rejects.toThrow('caller gave up');
  });

  it('only methods safe to repeat, or writes carrying an Idempotency-Key, count as safe', () => {
    expect(isRetrySafe(new Request('http://x/', { method: 'GET' }))).toBe(true);
    expect(isRetrySafe(new Request('http://x/', { method: 'DELETE' }))).toBe(true);
    expect(isRetrySafe(new Request('http://x/', { method: 'POST' }))).toBe(false);
    expect(isRetrySafe(new Request('http://x/', { method: 'PATCH' }))).toBe(false);
    expect(isRetrySafe(new Request('http://x/', { method: 'POST', headers: { 'Idempotency-Key': 'k' } }))).toBe(true);
  });
});
