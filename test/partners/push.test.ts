/**
 * Push to partners: subscriptions managed by each partner, Standard Webhooks-signed deliveries verified
 * on the receiving side with the `standardwebhooks` library, retries through failure and timeout,
 * disabling after 410 or repeated failures, re-enabling, re-sending, and partner isolation.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { apiClient, extraPrincipal, publishedClaim } from './helpers.ts';

// The receiver runs in this process: on a loaded machine a scripted answer can be late, and one later than the
// timeout would be taken for a hang. Only the 'hang' answers wait it out.
const TIMEOUT_MS = 2_000;

/** A partner's endpoint: answers from a per-path script ('hang' never answers), and verifies signatures. */
class PartnerEndpoint {
  private server!: Server;
  url = '';
  readonly received: Array<{ path: string; id: string; verified: boolean; payload: { type: string; data: Record<string, unknown> } | null }> = [];
  private scripts = new Map<string, Array<number | 'hang'>>();
  readonly secrets = new Map<string, string>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.read(req).then((raw) => {
        const path = String(req.url);
        const headers = {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        };
        let payload: { type: string; data: Record<string, unknown> } | null = null;
        let verified = false;
        try {
          payload = new Webhook(this.secrets.get(path) ?? '').verify(raw, headers) as typeof payload;
          verified = true;
        } catch {
          verified = false;
        }
        this.received.push({ path, id: headers['webhook-id'], verified, payload });
        const next = this.scripts.get(path)?.shift() ?? 204;
        if (next === 'hang') return; // never answers: the sender's timeout must end it
        res.writeHead(next).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  script(path: string, ...answers: Array<number | 'hang'>): void {
    this.scripts.set(path, answers);
  }

  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }

  private read(req: IncomingMessage): Promise<string> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
const endpoint = new PartnerEndpoint();
let otherPartner: { principalId: string; key: string };

interface SubscriptionBody {
  id: string;
  url: string;
  enabled: boolean;
  disabledReason?: string;
  consecutiveFailures: number;
}
interface DeliveryBody {
  id: string;
  subscriptionId: string;
  event: string;
  claimId: string;
  version: number;
  status: string;
  attempts: Array<{ attempt: number; status: number | null; ok: boolean; error?: string }>;
}

beforeAll(async () => {
  await endpoint.start();
  stack = await startTestStack({
    partnerDeliveryEveryMs: 100,
    env: {
      // The receiving endpoint is on loopback: only this file turns the local-development setting on.
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
      PARTNER_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
      PARTNER_DELIVERY_BACKOFF_MS: '100',
      PARTNER_DELIVERY_MAX_BACKOFF_MS: '400',
      PARTNER_DELIVERY_MAX_ATTEMPTS: '6',
      PARTNER_DISABLE_AFTER_FAILURES: '4',
    },
  });
  api = apiClient(stack);
  otherPartner = await extraPrincipal(stack, 'other-partner', 'partner');
});

afterAll(async () => {
  await stack?.stop();
  await endpoint.stop();
});

async function subscribe(path: string, events = ['verdict.published', 'verdict.corrected']): Promise<{ subscription: SubscriptionBody; secret: string }> {
  const res = await api('/partner/subscriptions', { method: 'POST', key: stack.keys.partner.key, json: { url: `${endpoint.url}${path}`, events } });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { subscription: SubscriptionBody; secret: string };
  endpoint.secrets.set(path, body.secret);
  return body;
}

async function deliveriesOf(subscriptionId: string): Promise<DeliveryBody[]> {
  const res = await api(`/partner/subscriptions/${subscriptionId}/deliveries`, { key: stack.keys.partner.key });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: DeliveryBody[] }).items;
}

async function settledDelivery(subscriptionId: string, claimId: string, status: 'delivered' | 'failed'): Promise<DeliveryBody> {
  return eventually(
    async () => (await deliveriesOf(subscriptionId)).find((d) => d.claimId === claimId && d.status === status),
    20_000,
    `a ${status} delivery of ${claimId}`,
  );
}

async function subscription(id: string): Promise<SubscriptionBody> {
  return (await (await api(`/partner/subscriptions/${id}`, { key: stack.keys.partner.key })).json()) as SubscriptionBody;
}

describe('managing subscriptions', () => {
  it('returns the whsec_ signing secret once, at creation, and never in listings', async () => {
    const { subscription: sub, secret } = await subscribe('/listing');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await (await api('/partner/subscriptions', { key: stack.keys.partner.key })).text();
    expect(listed).toContain(sub.id);
    expect(listed).not.toContain(secret.slice(6));
    expect(await (await api(`/partner/subscriptions/${sub.id}`, { key: stack.keys.partner.key })).text()).not.toContain(secret.slice(6));
    expect((await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: stack.keys.partner.key })).status).toBe(204);
    expect((await api(`/partner/subscriptions/${sub.id}`, { key: stack.keys.partner.key })).status).toBe(404);
  });

  it("keeps partners out of each other's subscriptions and deliveries (404)", async () => {
    const { subscription: sub } = await subscribe('/private');
    const other = otherPartner.key;
    expect((await api(`/partner/subscriptions/${sub.id}`, { key: other })).status).toBe(404);
    expect((await api(`/partner/subscriptions/${sub.id}/deliveries`, { key: other })).status).toBe(404);
    expect((await api(`/partner/subscriptions/${sub.id}/enable`, { method: 'POST', key: other, json: {} })).status).toBe(404);
    expect((await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: other })).status).toBe(404);
    expect(((await (await api('/partner/subscriptions', { key: other })).json()) as { items: unknown[] }).items).toEqual([]);

    const claimId = await publishedClaim(stack);
    const delivered = await settledDelivery(sub.id, claimId, 'delivered');
    expect((await api(`/partner/deliveries/${delivered.id}/resend`, { method: 'POST', key: other, json: {} })).status).toBe(404);
    const othersLog = (await (await api('/partner/deliveries', { key: other })).json()) as { items: unknown[] };
    expect(othersLog.items).toEqual([]);
    await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: stack.keys.partner.key });
  });

  it('refuses malformed and non-partner requests (422 naming the field, 403 for other roles)', async () => {
    const bad = await api('/partner/subscriptions', { method: 'POST', key: stack.keys.partner.key, json: { url: 'not a url', events: ['verdict.published'] } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('/url');
    const noEvents = await api('/partner/subscriptions', {
      method: 'POST',
      key: stack.keys.partner.key,
      json: { url: `${endpoint.url}/x`, events: ['claim.submitted'] },
    });
    expect(noEvents.status).toBe(422);
    expect((await api('/partner/subscriptions', { key: stack.keys['fact-checker'].key })).status).toBe(403);
  });
});

describe('deliveries', () => {
  it('retry through a failure and a timeout, then succeed; every attempt is signed, logged and carries the same webhook-id', async () => {
    const { subscription: sub, secret } = await subscribe('/flaky');
    endpoint.script('/flaky', 500, 'hang', 204);
    const claimId = await publishedClaim(stack, { rating: 'false' });

    const delivery = await settledDelivery(sub.id, claimId, 'delivered');
    expect(delivery.attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, null, false],
      [3, 204, true],
    ]);
    expect(delivery.attempts[1]?.error).toMatch(/timeout/);

    const received = endpoint.at('/flaky').filter((r) => r.payload?.data.claimId === claimId);
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.verified)).toBe(true);
    expect(new Set(received.map((r) => r.id))).toEqual(new Set([delivery.id]));
    // The receiver verifies with the secret it was given, as any Standard Webhooks consumer would.
    expect(received[2]?.payload).toMatchObject({
      type: 'verdict.published',
      data: {
        claimId,
        version: 1,
        rating: { id: 'false', label: 'False' },
        links: { claimReview: `${stack.apiUrl}/claims/${claimId}/verdict/versions/1?format=claimreview` },
      },
    });
    expect(secret).toMatch(/^whsec_/);
    expect((await subscription(sub.id)).consecutiveFailures).toBe(0);
    await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: stack.keys.partner.key });
  });

  it('disable the subscription at once on 410 Gone; after re-enabling, a re-send is delivered', async () => {
    const { subscription: sub } = await subscribe('/gone');
    endpoint.script('/gone', 410);
    const claimId = await publishedClaim(stack);
    const failed = await settledDelivery(sub.id, claimId, 'failed');
    expect(failed.attempts.map((a) => a.status)).toEqual([410]);
    const disabled = await subscription(sub.id);
    expect(disabled).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });

    // Disabled: a re-send is refused until the partner re-enables the subscription.
    expect((await api(`/partner/deliveries/${failed.id}/resend`, { method: 'POST', key: stack.keys.partner.key, json: {} })).status).toBe(409);
    const enabled = await api(`/partner/subscriptions/${sub.id}/enable`, { method: 'POST', key: stack.keys.partner.key, json: {} });
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0 });

    const resent = await api(`/partner/deliveries/${failed.id}/resend`, { method: 'POST', key: stack.keys.partner.key, json: {} });
    expect(resent.status).toBe(202);
    const delivered = await settledDelivery(sub.id, claimId, 'delivered');
    expect(delivered.id).toBe(failed.id);
    expect(delivered.attempts.map((a) => a.status)).toEqual([410, 204]);
    // The re-send continues the delivery's attempt numbering (it is not "attempt 1" again).
    expect(delivered.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: stack.keys.partner.key });
  });

  it('disable the subscription after N consecutive failed attempts, and stop delivering to it', async () => {
    const { subscription: sub } = await subscribe('/down');
    endpoint.script('/down', 503, 503, 503, 503, 503, 503);
    const claimId = await publishedClaim(stack);
    const failed = await settledDelivery(sub.id, claimId, 'failed');
    expect(failed.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503]);
    expect(await subscription(sub.id)).toMatchObject({ enabled: false, disabledReason: '4 consecutive failed attempts', consecutiveFailures: 4 });

    // While disabled, new verdicts are not fanned out to it.
    const later = await publishedClaim(stack);
    const { subscription: watcher } = await subscribe('/watcher');
    const laterClaim = await publishedClaim(stack);
    await settledDelivery(watcher.id, laterClaim, 'delivered');
    expect((await deliveriesOf(sub.id)).map((d) => d.claimId)).not.toContain(later);
    await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: stack.keys.partner.key });
    await api(`/partner/subscriptions/${watcher.id}`, { method: 'DELETE', key: stack.keys.partner.key });
  });

  it('only deliver the events a subscription asked for', async () => {
    const { subscription: sub } = await subscribe('/corrections-only', ['verdict.corrected']);
    const { subscription: all } = await subscribe('/everything');
    const claimId = await publishedClaim(stack);
    await settledDelivery(all.id, claimId, 'delivered');
    expect((await deliveriesOf(sub.id)).filter((d) => d.claimId === claimId)).toEqual([]);
    await api(`/partner/subscriptions/${sub.id}`, { method: 'DELETE', key: stack.keys.partner.key });
    await api(`/partner/subscriptions/${all.id}`, { method: 'DELETE', key: stack.keys.partner.key });
  });
});
