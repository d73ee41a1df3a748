/** Partner contracts: the events partners subscribe to, the state of a delivery, and a queued notification. */
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
