/**
 * Partner isolation in the delivery worker: one partner's hanging endpoints hold at most its own share of
 * the worker's slots, so another partner's delivery goes out while they still hang; and a subscription
 * whose attempt failed sends nothing more in that run (its other deliveries wait for the next run, in order).
 * The worker runs on the stack's real partner store (DynamoDB Local); only the HTTP client is scripted.
 */
// First: zod 4 gives each schema its methods when it is built, so @hono/zod-openapi must extend zod
// before shared/contracts builds its schemas (this file's other imports reach contracts first).
import '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerRuntime } from '../../functions/partners/context.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { DeliveryAttempt, PartnerWebhookClient } from '../../shared/domain/ports.ts';
import type { Principal } from '../../shared/domain/principals.ts';
import type { PartnerDeps } from '../../shared/domain/services/partners/deps.ts';
import { runPartnerDeliveries } from '../../shared/domain/services/partners/delivery-worker.ts';
import { createSubscription } from '../../shared/domain/services/partners/subscriptions.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { extraPrincipal, publishedClaim } from './helpers.ts';

let stack: LocalStack;

beforeAll(async () => {
  // The stack's own worker never runs here: each test drives runPartnerDeliveries itself.
  stack = await startTestStack({ partnerDeliveryEveryMs: 3_600_000 });
});

afterAll(async () => {
  await stack?.stop();
});

/** A scripted HTTP client: hosts in `hanging` never answer until released; `failing` hosts answer 503. */
class ScriptedClient implements PartnerWebhookClient {
  readonly events: string[] = [];
  private releases: Array<() => void> = [];
  released = false;
  constructor(
    private readonly hanging: string[],
    private readonly failing: string[] = [],
  ) {}

  async send(target: { url: string }, message: { id: string }): Promise<DeliveryAttempt> {
    const host = new URL(target.url).host;
    const at = new Date().toISOString();
    this.events.push(`start ${host} ${message.id}`);
    if (this.hanging.includes(host)) {
      if (!this.released) await new Promise<void>((resolve) => this.releases.push(resolve));
      this.events.push(`timeout ${host}`);
      return { attempt: 0, at, status: null, ok: false, error: 'timeout after 10000 ms', durationMs: 10_000 };
    }
    if (this.failing.includes(host)) return { attempt: 0, at, status: 503, ok: false, durationMs: 1 };
    this.events.push(`delivered ${host}`);
    return { attempt: 0, at, status: 204, ok: true, durationMs: 1 };
  }

  inFlight(host: string): number {
    return this.events.filter((e) => e.startsWith(`start ${host}`)).length - this.events.filter((e) => e === `timeout ${host}`).length;
  }

  release(): void {
    this.released = true;
    for (const r of this.releases.splice(0)) r();
  }
}

function depsWith(client: PartnerWebhookClient): PartnerDeps {
  const base = partnerRuntime(stack.runtime).deps;
  return { ...base, client, targets: { check: async () => undefined }, maxSubscriptions: 20 };
}

async function partner(id: string): Promise<Principal> {
  await extraPrincipal(stack, id, 'partner');
  return (await stack.runtime.principals.get(id))!;
}

describe('partner isolation in the delivery worker', () => {
  it("delivers another partner's verdict while one partner's nine endpoints hang, which hold at most their own share of slots", async () => {
    const client = new ScriptedClient(['slow.example']);
    const d = depsWith(client);
    const slow = await partner('slow-outlet');
    const quick = await partner('quick-outlet');
    // The slow partner subscribed first, so its nine deliveries fall due ahead of the quick one's.
    const slowSubs = [];
    for (let i = 0; i < 9; i++)
      slowSubs.push((await createSubscription(d, slow, { url: `https://slow.example/hook-${i}`, events: ['verdict.published'] })).subscription);
    const quickSub = (await createSubscription(d, quick, { url: 'https://quick.example/hook', events: ['verdict.published'] })).subscription;
    await publishedClaim(stack);

    const running = runPartnerDeliveries(d, { concurrency: 8, perPartner: 2 });
    try {
      // The quick partner's delivery goes out while every slow attempt is still hanging.
      await eventually(async () => (client.events.includes('delivered quick.example') ? true : undefined), 20_000, "the quick partner's delivery");
      expect(client.events.some((e) => e.startsWith('timeout'))).toBe(false);
      expect(client.inFlight('slow.example')).toBeLessThanOrEqual(2);
    } finally {
      client.release();
    }
    await running;
    // Every slow subscription was still tried once in the run; the quick one delivered exactly once.
    expect(client.events.filter((e) => e.startsWith('start slow.example'))).toHaveLength(9);
    expect(client.events.filter((e) => e === 'delivered quick.example')).toHaveLength(1);

    const quickDeliveries = await d.partners.listDeliveries(quick.id, { subscriptionId: quickSub.id }, { limit: 10 });
    expect(quickDeliveries.items.map((x) => x.status)).toEqual(['delivered']);
    for (const sub of slowSubs) await d.partners.deleteSubscription(slow.id, sub.id);
    await d.partners.deleteSubscription(quick.id, quickSub.id);
  });

  it('stops sending to a subscription for the run after its attempt fails, leaving its later deliveries due, in order', async () => {
    const client = new ScriptedClient([], ['down.example']);
    const d = depsWith(client);
    const outlet = await partner('down-outlet');
    const sub = (await createSubscription(d, outlet, { url: 'https://down.example/hook', events: ['verdict.published'] })).subscription;
    const claims = [await publishedClaim(stack), await publishedClaim(stack), await publishedClaim(stack)];

    await runPartnerDeliveries(d);
    // One failed attempt for the subscription this run, not three.
    expect(client.events.filter((e) => e.startsWith('start down.example'))).toHaveLength(1);
    const deliveries = (await d.partners.listDeliveries(outlet.id, { subscriptionId: sub.id }, { limit: 10 })).items;
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((x) => x.status === 'pending')).toBe(true);
    const attempted = deliveries.filter((x) => x.attempts.length > 0);
    expect(attempted).toHaveLength(1);
    // The first claim's delivery was the one tried: the subscription's queue keeps its order.
    expect(attempted[0]!.claimId).toBe(claims[0]);
    await d.partners.deleteSubscription(outlet.id, sub.id);
  });
});
