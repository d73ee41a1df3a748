/** A partner's delivery log: list its deliveries, queue one again. */
import { DomainError } from '../../errors.ts';
import type { Delivery } from '../../partner.ts';
import type { Page } from '../../ports.ts';
import type { Principal } from '../../principals.ts';
import type { PartnerDeps } from './deps.ts';
import { ownSubscription } from './subscriptions.ts';

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
