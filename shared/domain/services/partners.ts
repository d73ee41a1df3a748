/**
 * Partner outlets: their push subscriptions, and the delivery of `verdict.published` and
 * `verdict.corrected` to them.
 *
 * Delivery runs in two steps each time the worker runs (a schedule on AWS, an interval locally):
 * 1. fan-out: each queued notification (written in the publish transaction) becomes one delivery per
 *    enabled subscription to its event type, with a deterministic id, so a repeated fan-out after a crash
 *    creates nothing twice; the notification then leaves the queue.
 * 2. attempts: each due delivery is leased (one worker sends it), sent once, and the attempt appended to
 *    its log. Failures are retried with exponential backoff and jitter up to the policy's attempt limit;
 *    the subscription is disabled at once on 410 Gone, or after N consecutive failed attempts.
 */
import type { PartnerEventData } from '../../contracts/webhooks.ts';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors.ts';
import { deliveryId, retryDelayMs, type Delivery, type DeliveryAttemptRecord, type DeliveryPolicy, type PartnerEvent, type Subscription } from '../partner.ts';
import type { Page, PartnerRepository, PartnerWebhookClient } from '../ports.ts';
import type { Principal } from '../principals.ts';
import type { Verdict } from '../verdict.ts';
import type { Services } from './context.ts';

/** Validates a partner's target URL (SSRF guard); throws DomainError('invalid') naming `url`. */
export interface TargetCheck {
  check(url: string): Promise<unknown>;
}

export interface PartnerDeps {
  services: Pick<Services, 'clock' | 'ids' | 'verdicts' | 'settings'>;
  partners: PartnerRepository;
  client: PartnerWebhookClient;
  targets: TargetCheck;
  policy: DeliveryPolicy;
  maxSubscriptions: number;
  random?: () => number;
}

export interface SubscriptionInput {
  url: string;
  events: PartnerEvent[];
  description?: string;
}

/** `whsec_` + 32 random bytes in base64: the Standard Webhooks secret format. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export async function createSubscription(
  d: PartnerDeps,
  partner: Principal,
  input: SubscriptionInput,
): Promise<{ subscription: Subscription; secret: string }> {
  await d.targets.check(input.url);
  const now = d.services.clock.now().toISOString();
  const secret = generateSigningSecret();
  const subscription: Subscription = {
    id: `sub_${d.services.ids.next()}`,
    partnerId: partner.id,
    url: input.url,
    events: [...new Set(input.events)],
    ...(input.description ? { description: input.description } : {}),
    enabled: true,
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
  await d.partners.createSubscription({ ...subscription, secret }, d.maxSubscriptions);
  return { subscription, secret };
}

/** A partner's own subscription; another partner's is as unknown as a missing one (404). */
export async function ownSubscription(d: PartnerDeps, partner: Principal, id: string): Promise<Subscription> {
  const stored = await d.partners.getSubscription(partner.id, id);
  if (!stored) throw new DomainError('not_found', 'subscription not found');
  const { secret: _secret, ...subscription } = stored;
  return subscription;
}

export async function deleteSubscription(d: PartnerDeps, partner: Principal, id: string): Promise<void> {
  if (!(await d.partners.deleteSubscription(partner.id, id))) throw new DomainError('not_found', 'subscription not found');
}

/** Re-enables a subscription (after fixing the endpoint); its target is checked again first. */
export async function enableSubscription(d: PartnerDeps, partner: Principal, id: string): Promise<Subscription> {
  const current = await ownSubscription(d, partner, id);
  await d.targets.check(current.url);
  const updated = await d.partners.setEnabled(partner.id, id, true, d.services.clock.now().toISOString());
  if (!updated) throw new DomainError('not_found', 'subscription not found');
  return updated;
}

export async function listDeliveries(
  d: PartnerDeps,
  partner: Principal,
  filter: { subscriptionId?: string },
  page: { limit: number; after?: string },
): Promise<Page<Delivery>> {
  if (filter.subscriptionId) await ownSubscription(d, partner, filter.subscriptionId);
  return d.partners.listDeliveries(partner.id, filter, page);
}

/** Queues a delivery again (any status), to be attempted on the worker's next run. */
export async function resendDelivery(d: PartnerDeps, partner: Principal, id: string): Promise<Delivery> {
  const delivery = await d.partners.getDelivery(id);
  if (!delivery || delivery.partnerId !== partner.id) throw new DomainError('not_found', 'delivery not found');
  const subscription = await d.partners.getSubscription(partner.id, delivery.subscriptionId);
  if (!subscription) throw new DomainError('conflict', 'the subscription of this delivery was deleted');
  if (!subscription.enabled) throw new DomainError('conflict', 'the subscription is disabled; enable it first');
  const now = d.services.clock.now().toISOString();
  const queued: Delivery = { ...delivery, status: 'pending', nextAttemptAt: now, attemptsThisSend: 0, updatedAt: now };
  await d.partners.saveDelivery(queued);
  return queued;
}

// --------------------------------------------------------------------------------------- the worker

export interface DeliveryRun {
  fannedOut: number;
  attempted: number;
  delivered: number;
  failed: number;
}

/** One run of the delivery worker: fan out queued notifications, then attempt what is due. */
export async function runPartnerDeliveries(d: PartnerDeps, opts: { batch?: number; concurrency?: number } = {}): Promise<DeliveryRun> {
  const batch = opts.batch ?? 50;
  const run: DeliveryRun = { fannedOut: 0, attempted: 0, delivered: 0, failed: 0 };
  run.fannedOut = await fanOut(d, batch);
  const now = d.services.clock.now();
  const due = await d.partners.dueDeliveries(now.toISOString(), batch);
  const concurrency = opts.concurrency ?? 8;
  for (let i = 0; i < due.length; i += concurrency) {
    const outcomes = await Promise.all(due.slice(i, i + concurrency).map((delivery) => attempt(d, delivery)));
    for (const o of outcomes) {
      if (o === 'skipped') continue;
      run.attempted++;
      if (o === 'delivered') run.delivered++;
      else run.failed++;
    }
  }
  return run;
}

async function fanOut(d: PartnerDeps, batch: number): Promise<number> {
  const notifications = await d.partners.queuedNotifications(batch);
  if (notifications.length === 0) return 0;
  const subscriptions = await d.partners.activeSubscriptions();
  let created = 0;
  for (const n of notifications) {
    const now = d.services.clock.now().toISOString();
    for (const sub of subscriptions.filter((s) => s.events.includes(n.type))) {
      const delivery: Delivery = {
        id: deliveryId(n.id, sub.id),
        partnerId: sub.partnerId,
        subscriptionId: sub.id,
        notificationId: n.id,
        event: n.type,
        claimId: n.claimId,
        version: n.version,
        status: 'pending',
        attempts: [],
        attemptsThisSend: 0,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      };
      if (await d.partners.createDelivery(delivery)) created++;
    }
    await d.partners.markDispatched(n.id, now);
  }
  return created;
}

/** The webhook payload: what changed, small, with links to the full verdict and its ClaimReview. */
export function notificationPayload(verdict: Verdict, event: PartnerEvent, baseUrl: string): PartnerEventData {
  const self = `${baseUrl}/claims/${verdict.claimId}/verdict/versions/${verdict.version}`;
  return {
    event,
    claimId: verdict.claimId,
    version: verdict.version,
    publishedAt: verdict.publishedAt,
    rating: verdict.rating,
    summary: verdict.summary,
    ...(verdict.correctionNote ? { correctionNote: verdict.correctionNote } : {}),
    claimReviewed: verdict.claim.statement,
    links: {
      verdict: self,
      claimReview: `${self}?format=claimreview`,
      latest: `${baseUrl}/claims/${verdict.claimId}/verdict`,
      page: `${baseUrl}/fact-checks/${verdict.claimId}`,
    },
  };
}

async function attempt(d: PartnerDeps, due: Delivery): Promise<'delivered' | 'failed' | 'retrying' | 'skipped'> {
  const { clock } = d.services;
  // Lease it past the attempt's timeout so no other worker sends it meanwhile; a crashed worker's lease
  // simply runs out and the delivery is due again.
  const leaseUntil = new Date(clock.now().getTime() + d.policy.timeoutMs + 60_000).toISOString();
  if (!(await d.partners.lease(due, leaseUntil))) return 'skipped';

  const subscription = await d.partners.getSubscription(due.partnerId, due.subscriptionId);
  const number = (due.attemptsThisSend ?? 0) + 1;
  let result: DeliveryAttemptRecord;
  if (!subscription?.enabled) {
    result = {
      attempt: number,
      at: clock.now().toISOString(),
      status: null,
      ok: false,
      error: subscription ? 'subscription disabled' : 'subscription deleted',
      durationMs: 0,
    };
    await d.partners.saveDelivery(close(due, result, 'failed', clock.now().toISOString()));
    return 'failed';
  }
  const verdict = await d.services.verdicts.get(due.claimId, due.version);
  if (!verdict) {
    result = { attempt: number, at: clock.now().toISOString(), status: null, ok: false, error: 'verdict not found', durationMs: 0 };
    await d.partners.saveDelivery(close(due, result, 'failed', clock.now().toISOString()));
    return 'failed';
  }
  const sent = await d.client.send(
    { url: subscription.url, secret: subscription.secret },
    { id: due.id, type: due.event, data: notificationPayload(verdict, due.event, d.services.settings.publicBaseUrl) },
    d.policy.timeoutMs,
  );
  result = { ...sent, attempt: number };
  const at = clock.now().toISOString();
  const updated = await d.partners.recordOutcome(due.partnerId, due.subscriptionId, sent.ok, at);
  if (sent.ok) {
    await d.partners.saveDelivery(close(due, result, 'delivered', at));
    return 'delivered';
  }
  let disable: string | null = null;
  if (sent.status === 410) disable = 'the endpoint answered 410 Gone';
  else if (updated && updated.consecutiveFailures >= d.policy.disableAfterFailures) disable = `${updated.consecutiveFailures} consecutive failed attempts`;
  if (disable) await d.partners.setEnabled(due.partnerId, due.subscriptionId, false, at, disable);
  if (disable || number >= d.policy.maxAttempts) {
    await d.partners.saveDelivery(close(due, result, 'failed', at));
    return 'failed';
  }
  const next = new Date(clock.now().getTime() + retryDelayMs(number, d.policy, d.random)).toISOString();
  await d.partners.saveDelivery({
    ...due,
    attempts: [...due.attempts, result],
    attemptsThisSend: number,
    status: 'pending',
    nextAttemptAt: next,
    updatedAt: at,
  });
  return 'retrying';
}

function close(due: Delivery, result: DeliveryAttemptRecord, status: 'delivered' | 'failed', at: string): Delivery {
  const { nextAttemptAt: _next, ...rest } = due;
  return { ...rest, attempts: [...due.attempts, result], attemptsThisSend: result.attempt, status, updatedAt: at };
}
