/** Partner contracts: the events partners subscribe to, a queued notification, subscriptions and their deliveries. */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';

/** What a partner can subscribe to; also the type of a queued partner notification. */
export const partnerEvent = z.enum(['verdict.published', 'verdict.corrected']);
export type PartnerEvent = z.infer<typeof partnerEvent>;
export const partnerEvents = partnerEvent.options;

export const deliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;

/** A notification queued for partners in the same transaction as the publish. */
export const partnerNotification = z.object({
  id: z.string(),
  type: partnerEvent,
  claimId: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type PartnerNotification = RecordOf<typeof partnerNotification>;

/** A partner's push subscription, as stored less its signing secret (the partners API answers it without `partnerId`). */
export const subscriptionRecord = z.object({
  id: z.string(),
  partnerId: z.string(),
  url: z.string(),
  events: z.array(partnerEvent),
  description: z.string().optional(),
  enabled: z.boolean(),
  /** Why it was disabled (repeated failures, a 410 from the endpoint), when disabled. */
  disabledReason: z.string().optional(),
  disabledAt: z.string().optional(),
  /** Failed attempts since the last success; reaching the policy's limit disables the subscription. */
  consecutiveFailures: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = RecordOf<typeof subscriptionRecord>;

/** What is stored: the subscription plus its signing secret, which is never returned after creation. */
export const storedSubscription = subscriptionRecord.extend({ secret: z.string() });
export type StoredSubscription = RecordOf<typeof storedSubscription>;

/** One attempt of a signed webhook delivery, as the sender reports it (kept on a partner delivery). */
export const deliveryAttempt = z.object({
  attempt: z.number().int(),
  at: z.string(),
  /** The endpoint's HTTP status; null when no answer came (timeout, network error). */
  status: z.number().int().nullable(),
  ok: z.boolean(),
  error: z.string().optional(),
  durationMs: z.number(),
});
export type DeliveryAttempt = RecordOf<typeof deliveryAttempt>;

/** One notification's delivery to one subscription (the partners API answers it without the internal fields). */
export const deliveryRecord = z.object({
  /** Also the `webhook-id` of the message: the partner's idempotency key. */
  id: z.string(),
  partnerId: z.string(),
  subscriptionId: z.string(),
  notificationId: z.string(),
  event: partnerNotification.shape.type,
  claimId: z.string(),
  version: z.number().int(),
  status: deliveryStatus,
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: z.string().optional(),
  attempts: z.array(deliveryAttempt),
  /** Attempts since the delivery was created or last re-sent (the attempt limit counts these). */
  attemptsThisSend: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Delivery = RecordOf<typeof deliveryRecord>;

/** What a partner sends to subscribe (the API's SubscriptionRequest adds the input rules). */
export const subscriptionRequest = subscriptionRecord.pick({ url: true, events: true, description: true });
export type SubscriptionInput = RecordOf<typeof subscriptionRequest>;
