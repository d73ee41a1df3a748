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
 *    the subscription is disabled at once when the endpoint says it is gone (the client reports it: HTTP 410),
 *    or after N consecutive failed attempts.
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

export interface DeliveryRunOptions {
  /** Notifications fanned out and due deliveries read per run. */
  batch?: number;
  /** Attempts in flight at once, over all partners. */
  concurrency?: number;
  /** Attempts in flight at once for one partner: its slow endpoints can hold no more than these slots. */
  perPartner?: number;
  /** No attempt starts after this much of the run has passed (the rest stay due for the next run). */
  budgetMs?: number;
}

/**
 * One run of the delivery worker: fan out queued notifications, then attempt what is due.
 *
 * Partners are isolated from each other: each subscription sends one delivery at a time, in order; each
 * partner has at most `perPartner` attempts in flight; slots go round-robin over partners, and a freed
 * slot is refilled at once (no batch waits for its slowest member). A subscription whose attempt failed
 * (an error, a timeout) sends nothing more this run: its other deliveries stay due for the next run, so
 * a hanging endpoint costs one timeout per run, not one per delivery. No attempt starts once the run's
 * time budget is spent.
 */
export async function runPartnerDeliveries(d: PartnerDeps, opts: DeliveryRunOptions = {}): Promise<DeliveryRun> {
  const batch = opts.batch ?? 100;
  const concurrency = opts.concurrency ?? 8;
  const perPartner = opts.perPartner ?? 2;
  const budgetMs = opts.budgetMs ?? 60_000;
  const run: DeliveryRun = { fannedOut: 0, attempted: 0, delivered: 0, failed: 0 };
  run.fannedOut = await fanOut(d, batch);
  const started = d.services.clock.now();
  const due = await d.partners.dueDeliveries(started.toISOString(), batch);

  // One queue per subscription, in due order; partners in the order their first delivery fell due.
  const queues = new Map<string, { partnerId: string; items: Delivery[]; busy: boolean; halted: boolean }>();
  for (const delivery of due) {
    const q = queues.get(delivery.subscriptionId) ?? { partnerId: delivery.partnerId, items: [], busy: false, halted: false };
    q.items.push(delivery);
    queues.set(delivery.subscriptionId, q);
  }
  const partnerOrder = [...new Set(due.map((x) => x.partnerId))];
  const inFlight = new Map<string, number>();
  let turn = 0;
  const next = () => {
    for (let p = 0; p < partnerOrder.length; p++) {
      const partnerId = partnerOrder[(turn + p) % partnerOrder.length]!;
      if ((inFlight.get(partnerId) ?? 0) >= perPartner) continue;
      for (const q of queues.values()) {
        if (q.partnerId === partnerId && !q.busy && !q.halted && q.items.length > 0) {
          turn = (turn + p + 1) % partnerOrder.length;
          return q;
        }
      }
    }
    return undefined;
  };

  let firstError: unknown;
  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = () => {
      while (running < concurrency && d.services.clock.now().getTime() - started.getTime() < budgetMs) {
        const q = next();
        if (!q) break;
        const delivery = q.items.shift()!;
        running++;
        q.busy = true;
        inFlight.set(q.partnerId, (inFlight.get(q.partnerId) ?? 0) + 1);
        attempt(d, delivery)
          .then(
            (o) => {
              if (o === 'skipped') return;
              run.attempted++;
              if (o === 'delivered') run.delivered++;
              else {
                run.failed++;
                q.halted = true;
              }
            },
            (err: unknown) => {
              firstError ??= err;
              q.halted = true;
            },
          )
          .finally(() => {
            running--;
            q.busy = false;
            inFlight.set(q.partnerId, (inFlight.get(q.partnerId) ?? 1) - 1);
            pump();
          });
      }
      if (running === 0) resolve();
    };
    pump();
  });
  if (firstError !== undefined) throw firstError;
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
  // Attempts are numbered over the delivery's whole life (a re-send continues the count); the attempt
  // limit counts only this send's.
  const number = due.attempts.length + 1;
  const thisSend = (due.attemptsThisSend ?? 0) + 1;
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
    await d.partners.saveDelivery(close(due, result, thisSend, 'failed', clock.now().toISOString()));
    return 'failed';
  }
  const verdict = await d.services.verdicts.get(due.claimId, due.version);
  if (!verdict) {
    result = { attempt: number, at: clock.now().toISOString(), status: null, ok: false, error: 'verdict not found', durationMs: 0 };
    await d.partners.saveDelivery(close(due, result, thisSend, 'failed', clock.now().toISOString()));
    return 'failed';
  }
  const { unsubscribed, ...sent } = await d.client.send(
    { url: subscription.url, secret: subscription.secret },
    { id: due.id, type: due.event, data: notificationPayload(verdict, due.event, d.services.settings.publicBaseUrl) },
    d.policy.timeoutMs,
  );
  result = { ...sent, attempt: number };
  const at = clock.now().toISOString();
  const updated = await d.partners.recordOutcome(due.partnerId, due.subscriptionId, sent.ok, at);
  if (sent.ok) {
    await d.partners.saveDelivery(close(due, result, thisSend, 'delivered', at));
    return 'delivered';
  }
  let disable: string | null = null;
  if (unsubscribed) disable = unsubscribed;
  else if (updated && updated.consecutiveFailures >= d.policy.disableAfterFailures) disable = `${updated.consecutiveFailures} consecutive failed attempts`;
  if (disable) await d.partners.setEnabled(due.partnerId, due.subscriptionId, false, at, disable);
  if (disable || thisSend >= d.policy.maxAttempts) {
    await d.partners.saveDelivery(close(due, result, thisSend, 'failed', at));
    return 'failed';
  }
  const next = new Date(clock.now().getTime() + retryDelayMs(thisSend, d.policy, d.random)).toISOString();
  await d.partners.saveDelivery({
    ...due,
    attempts: [...due.attempts, result],
    attemptsThisSend: thisSend,
    status: 'pending',
    nextAttemptAt: next,
    updatedAt: at,
  });
  return 'retrying';
}

function close(due: Delivery, result: DeliveryAttemptRecord, thisSend: number, status: 'delivered' | 'failed', at: string): Delivery {
  const { nextAttemptAt: _next, ...rest } = due;
  return { ...rest, attempts: [...due.attempts, result], attemptsThisSend: thisSend, status, updatedAt: at };
}
