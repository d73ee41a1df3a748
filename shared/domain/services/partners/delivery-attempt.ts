/**
 * Step 2 of a delivery run: one attempt at one due delivery (leased, sent once, logged), then retried later with
 * backoff, or closed as delivered or failed, disabling the subscription when its endpoint is gone or keeps failing.
 */
import { type Delivery, type DeliveryAttemptRecord, retryDelayMs } from '../../partner.ts';
import type { PartnerDeps } from './deps.ts';
import { notificationPayload } from './notification-payload.ts';

export async function attempt(d: PartnerDeps, due: Delivery): Promise<'delivered' | 'failed' | 'retrying' | 'skipped'> {
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
