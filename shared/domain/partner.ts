/**
 * Partner outlets' push subscriptions and the deliveries made to them. Pure types and rules; persistence
 * is behind PartnerRepository (ports.ts), sending behind PartnerWebhookClient.
 */
import type { DeliveryAttempt } from './ports.ts';
import type { PartnerNotification } from './verdict.ts';

import type { DeliveryStatus, PartnerEvent } from '../contracts/index.ts';
import { backoffDelayMs } from './backoff.ts';

export { partnerEvents } from '../contracts/index.ts';
export type { DeliveryStatus, PartnerEvent } from '../contracts/index.ts';

export interface Subscription {
  id: string;
  partnerId: string;
  url: string;
  events: PartnerEvent[];
  description?: string;
  enabled: boolean;
  /** Why it was disabled (repeated failures, a 410 from the endpoint), when disabled. */
  disabledReason?: string;
  disabledAt?: string;
  /** Failed attempts since the last success; reaching the policy's limit disables the subscription. */
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

/** What is stored: the subscription plus its signing secret, which is never returned after creation. */
export interface StoredSubscription extends Subscription {
  secret: string;
}

/** One attempt of a delivery, as the webhook sender reports it. */
export type DeliveryAttemptRecord = DeliveryAttempt;

export interface Delivery {
  /** Also the `webhook-id` of the message: the partner's idempotency key. */
  id: string;
  partnerId: string;
  subscriptionId: string;
  notificationId: string;
  event: PartnerNotification['type'];
  claimId: string;
  version: number;
  status: DeliveryStatus;
  attempts: DeliveryAttemptRecord[];
  /** Attempts since the delivery was created or last re-sent (the attempt limit counts these). */
  attemptsThisSend: number;
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt?: string;
  createdAt: string;
  updatedAt: string;
}

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
