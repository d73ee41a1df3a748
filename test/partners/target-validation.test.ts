/**
 * Server-side request forgery: partner webhook targets must be public, before and after DNS resolution,
 * at connect time, and across redirects. The resolver is injected, so names resolving to private
 * addresses are tested without touching real DNS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardPartnerWebhookClient } from '../../shared/adapters/webhooks/partner-webhooks.ts';
import { blockedAddressReason, WebhookTargetValidator, type Resolver } from '../../shared/adapters/webhooks/target-validation.ts';

const records: Record<string, string[]> = {
  'hooks.newsroom.example': ['93.184.216.34'],
  'dual.newsroom.example': ['93.184.216.34', '10.1.2.3'],
  'internal.newsroom.example': ['10.0.0.7'],
  'metadata.newsroom.example': ['169.254.169.254'],
  'v6-loopback.newsroom.example': ['::1'],
  'v6-ula.newsroom.example': ['fd00:ec2::254'],
  'v6-public.newsroom.example': ['2606:2800:220:1:248:1893:25c8:1946'],
  'rebinding.newsroom.example': ['127.0.0.1'],
};
const stubResolver: Resolver = async (host) => {
  const addresses = records[host];
  if (!addresses) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const strict = new WebhookTargetValidator({ allowPrivate: false, resolve: stubResolver });

async function rejection(url: string, validator = strict): Promise<{ rule: string; message: string }> {
  try {
    await validator.check(url);
  } catch (err) {
    const e = err as { detail?: { field?: string; rule?: string }; message: string };
    expect(e.detail?.field).toBe('url');
    return { rule: String(e.detail?.rule), message: e.message };
  }
  throw new Error(`${url} was accepted`);
}

describe('target URLs are refused when they point inside', () => {
  it.each([
    ['https://10.0.0.1/hook', 'private'],
    ['https://172.16.5.4/hook', 'private'],
    ['https://192.168.1.1/hook', 'private'],
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://127.1/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://0x7f000001/hook', 'loopback'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://169.254.169.254/latest/meta-data/', 'metadata'],
    ['https://100.64.0.1/hook', 'carrier-grade NAT'],
    ['https://[::1]/hook', 'IPv6 loopback'],
    ['https://[::]/hook', 'unspecified'],
    ['https://[fd00:ec2::254]/hook', 'unique local'],
    ['https://[fc00::1]/hook', 'unique local'],
    ['https://[fe80::1]/hook', 'link-local'],
    ['https://[::ffff:127.0.0.1]/hook', 'IPv4-mapped'],
    ['https://[::ffff:10.0.0.1]/hook', 'IPv4-mapped'],
    ['https://[::7f00:1]/hook', 'IPv4-compatible'],
    ['https://[64:ff9b::a00:1]/hook', 'NAT64'],
    ['https://[2002:7f00:1::]/hook', '6to4'],
  ])('%s (%s)', async (url, reason) => {
    const r = await rejection(url);
    expect(r.rule).toBe('public-address');
    expect(r.message).toContain(reason);
  });

  it.each(['https://localhost/hook', 'https://api.localhost/hook', 'https://metadata.google.internal/computeMetadata/v1/'])(
    '%s is refused by name',
    async (url) => {
      expect((await rejection(url)).rule).toBe('public-address');
    },
  );

  it.each([
    ['https://internal.newsroom.example/hook', '10.0.0.7'],
    ['https://metadata.newsroom.example/hook', '169.254.169.254'],
    ['https://v6-loopback.newsroom.example/hook', '::1'],
    ['https://v6-ula.newsroom.example/hook', 'fd00:ec2::254'],
    // One private address among public ones is enough: the client might connect to it.
    ['https://dual.newsroom.example/hook', '10.1.2.3'],
  ])('%s resolves to %s and is refused', async (url, address) => {
    const r = await rejection(url);
    expect(r.rule).toBe('public-address');
    expect(r.message).toContain(address);
  });

  it('refuses names that do not resolve', async () => {
    expect((await rejection('https://nowhere.newsroom.example/hook')).rule).toBe('resolvable-host');
  });

  it('refuses plain http and credentials in the URL', async () => {
    expect((await rejection('http://hooks.newsroom.example/hook')).rule).toBe('https');
    expect((await rejection('https://user:pass@hooks.newsroom.example/hook')).rule).toBe('no-credentials');
    expect((await rejection('file:///etc/passwd')).rule).toBe('https');
  });
});

describe('public targets are accepted', () => {
  it.each([
    'https://hooks.newsroom.example/factflow',
    'https://v6-public.newsroom.example/hook',
    'https://93.184.216.34:8443/hook',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/hook',
  ])('%s', async (url) => {
    await expect(strict.check(url)).resolves.toBeInstanceOf(URL);
  });

  it('classifies public unicast addresses as allowed', () => {
    expect(blockedAddressReason('8.8.8.8')).toBeNull();
    expect(blockedAddressReason('2001:4860:4860::8888')).toBeNull();
  });
});

describe('the local development setting', () => {
  it('allows loopback and http only when ALLOW_PRIVATE_WEBHOOK_TARGETS is on', async () => {
    const dev = new WebhookTargetValidator({ allowPrivate: true, resolve: stubResolver });
    await expect(dev.check('http://127.0.0.1:8080/hook')).resolves.toBeInstanceOf(URL);
    await expect(dev.check('http://localhost:8080/hook')).resolves.toBeInstanceOf(URL);
  });
});

describe('at delivery time', () => {
  let final: Server;
  let redirector: Server;
  const finalHits: string[] = [];
  let finalUrl = '';
  let redirectUrl = '';

  beforeAll(async () => {
    final = createServer((req, res) => {
      finalHits.push(String(req.url));
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => final.listen(0, '127.0.0.1', r));
    finalUrl = `http://127.0.0.1:${(final.address() as AddressInfo).port}/internal-admin`;
    redirector = createServer((_req, res) => {
      res.writeHead(302, { location: finalUrl }).end();
    });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    redirectUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    for (const s of [final, redirector]) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  const secret = `whsec_${Buffer.from('a-test-signing-secret-of-32-bytes').toString('base64')}`;
  const message = { id: 'msg_test', type: 'verdict.published', data: { claimId: 'x' } };

  it('does not follow redirects: a 302 is a failed attempt and its Location is never called', async () => {
    // Loopback must be allowed to reach the test server at all; the redirect is still not followed.
    const client = new StandardPartnerWebhookClient(new WebhookTargetValidator({ allowPrivate: true }));
    const attempt = await client.send({ url: redirectUrl, secret }, message, 2000);
    expect(attempt).toMatchObject({ ok: false, status: 302, error: expect.stringContaining('redirects are not followed') });
    expect(finalHits).toEqual([]);
  });

  it('re-checks the addresses a name resolves to when connecting (DNS rebinding)', async () => {
    // The name passed the check earlier (public), now resolves to loopback: the connection is refused.
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    const validator = new WebhookTargetValidator({ allowPrivate: false, resolve: rebinding });
    await validator.check('https://rebinding.newsroom.example/hook');
    const attempt = await new StandardPartnerWebhookClient(validator).send({ url: 'https://rebinding.newsroom.example/hook', secret }, message, 2000);
    expect(attempt.ok).toBe(false);
    expect(attempt.status).toBeNull();
    expect(attempt.error).toMatch(/blocked target: .*127\.0\.0\.1.*loopback/);
  });

  it('refuses a literal private address without connecting', async () => {
    const client = new StandardPartnerWebhookClient(new WebhookTargetValidator({ allowPrivate: false, resolve: stubResolver }));
    const attempt = await client.send({ url: 'https://169.254.169.254/latest/meta-data/', secret }, message, 2000);
    expect(attempt).toMatchObject({ ok: false, status: null, error: expect.stringContaining('blocked target') });
  });
});
