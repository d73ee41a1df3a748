/** Partner contracts: the events partners subscribe to and the state of a delivery. */
import { z } from 'zod';

/** What a partner can subscribe to; also the type of a queued partner notification. */
export const partnerEvent = z.enum(['verdict.published', 'verdict.corrected']);
export type PartnerEvent = z.infer<typeof partnerEvent>;
export const partnerEvents = partnerEvent.options;

export const deliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;
