/** Step 1 of a delivery run: each queued notification becomes one delivery per subscription to its event type. */
import { type Delivery, deliveryId } from '../../partner.ts';
import type { PartnerDeps } from './deps.ts';

export async function fanOut(d: PartnerDeps, batch: number): Promise<number> {
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
