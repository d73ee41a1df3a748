/** A partner's push subscriptions: create (with its signing secret), read, delete, re-enable. */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../errors.ts';
import type { SubscriptionInput } from '../../../contracts/index.ts';
import type { Subscription } from '../../partner.ts';
import type { Principal } from '../../principals.ts';
import type { PartnerDeps } from './deps.ts';

export type { SubscriptionInput } from '../../../contracts/index.ts';

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
