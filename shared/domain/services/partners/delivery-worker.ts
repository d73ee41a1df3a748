/**
 * The partner delivery worker: delivers `verdict.published` and `verdict.corrected` to partner outlets.
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
import type { Delivery } from '../../partner.ts';
import { attempt } from './delivery-attempt.ts';
import type { PartnerDeps } from './deps.ts';
import { fanOut } from './fan-out.ts';

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
