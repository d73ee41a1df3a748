/**
 * Partner outlets' push subscriptions and the deliveries made to them. Pure types and rules; persistence
 * is behind PartnerRepository (ports.ts), sending behind PartnerWebhookClient.
 */
import { backoffDelayMs } from './backoff.ts';

export { partnerEvents } from '../contracts/index.ts';
// Subscriptions and deliveries are stored and served: defined once, in shared/contracts/partner.ts.
export type { Delivery, DeliveryAttempt as DeliveryAttemptRecord, DeliveryStatus, PartnerEvent, StoredSubscription, Subscription } from '../contracts/index.ts';

/** The delivery policy (from the PARTNER_DELIVERY_* settings, shared/contracts/configuration.ts), as the delivery worker reads it. */
export interface DeliveryPolicy {
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt, capped at maxBackoffMs, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Consecutive failed attempts after which a subscription is disabled. */
  disableAfterFailures: number;
  timeoutMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = {
  maxAttempts: 8,
  backoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  disableAfterFailures: 15,
  timeoutMs: 10_000,
};

/**
 * Exponential backoff with "equal jitter": half the capped delay is fixed, half random, so retries from
 * many deliveries spread out but none comes back immediately. `random` is injected for tests.
 */
export function retryDelayMs(failedAttempts: number, policy: DeliveryPolicy, random: () => number = Math.random): number {
  return Math.round(backoffDelayMs(failedAttempts, { baseMs: policy.backoffMs, maxMs: policy.maxBackoffMs, jitter: 'equal' }, random));
}

/** Delivery id, deterministic per (notification, subscription): a repeated fan-out creates nothing new. */
export function deliveryId(notificationId: string, subscriptionId: string): string {
  return `msg_${notificationId}_${subscriptionId}`;
}
