/**
 * Guessed keys are limited per client address: after AUTH_FAILURES_PER_MINUTE failures an address is
 * answered 429 with Retry-After and no key lookup; a wrong key presented again is refused from a short
 * negative cache; other addresses and revocations are unaffected. Requests reach the app as API Gateway
 * delivers them (the address in requestContext.http.sourceIp), and through the local server (the socket's
 * peer address).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { startTestStack } from '../support/test-stack.ts';

const LIMIT = 5;
let stack: LocalStack;
let app: ReturnType<typeof createApp>;
let lookups = 0;

beforeAll(async () => {
  stack = await startTestStack({ env: { AUTH_FAILURES_PER_MINUTE: String(LIMIT), NEGATIVE_KEY_CACHE_SECONDS: '60' } });
  // Count the key lookups (each one a DynamoDB read) the API makes.
  const principals = stack.runtime.principals;
  const authenticate = principals.authenticate.bind(principals);
  principals.authenticate = async (hash) => {
    lookups++;
    return authenticate(hash);
  };
  app = createApp(() => stack.runtime);
});

afterAll(async () => {
  await stack?.stop();
});

const randomKey = () => `ff_${randomBytes(32).toString('base64url')}`;

/** A request as API Gateway's HTTP API hands it to the function: the caller's address in the request context. */
function from(address: string, key: string, path = '/claims?limit=1'): Promise<Response> {
  return Promise.resolve(app.request(path, { headers: { authorization: `Bearer ${key}` } }, { requestContext: { http: { sourceIp: address } } }));
}

describe('failed authentication per client address', () => {
  it('answers 429 with Retry-After after the limit, without looking the key up, for every key from that address', async () => {
    const before = lookups;
    for (let i = 0; i < LIMIT; i++) expect((await from('203.0.113.7', randomKey())).status).toBe(401);
    expect(lookups - before).toBe(LIMIT);

    for (let i = 0; i < 20; i++) {
      const res = await from('203.0.113.7', randomKey());
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    }
    // Twenty more guesses, not one more read.
    expect(lookups - before).toBe(LIMIT);
    // The address is held back as a whole until it earns tokens again, even with a good key.
    expect((await from('203.0.113.7', stack.keys['fact-checker'].key)).status).toBe(429);
  });

  it('leaves other addresses alone: their unknown keys get 401 and their good keys 200', async () => {
    expect((await from('198.51.100.20', randomKey())).status).toBe(401);
    expect((await from('198.51.100.20', stack.keys['fact-checker'].key)).status).toBe(200);
    expect((await from('2001:db8::1', stack.keys.reviewer.key)).status).toBe(200);
  });

  it('refuses the same unknown key again from a short negative cache, without a second read', async () => {
    const key = randomKey();
    expect((await from('198.51.100.30', key)).status).toBe(401);
    const before = lookups;
    const again = await from('198.51.100.31', key);
    expect(again.status).toBe(401);
    expect(lookups).toBe(before);
  });

  it('never caches a good key: a revocation takes effect on the next request', async () => {
    const res = await app.request(
      '/admin/principals',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.keys.admin.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: `guard-${randomBytes(3).toString('hex')}`, name: 'Guard test', role: 'fact-checker' }),
      },
      { requestContext: { http: { sourceIp: '198.51.100.40' } } },
    );
    expect(res.status).toBe(201);
    const { principal, key } = (await res.json()) as { principal: { id: string }; key: { key: string } };
    expect((await from('198.51.100.41', key.key)).status).toBe(200);
    const revoked = await app.request(
      `/admin/principals/${principal.id}/revoke`,
      { method: 'POST', headers: { authorization: `Bearer ${stack.keys.admin.key}`, 'content-type': 'application/json' }, body: '{}' },
      { requestContext: { http: { sourceIp: '198.51.100.40' } } },
    );
    expect(revoked.status).toBeLessThan(300);
    expect((await from('198.51.100.41', key.key)).status).toBe(401);
  });

  it("holds on the running local server too (the socket's address), where guessing used to be unlimited", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const res = await fetch(`${stack.apiUrl}/claims?limit=1`, { headers: { authorization: `Bearer ${randomKey()}` } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429]);
  });
});
