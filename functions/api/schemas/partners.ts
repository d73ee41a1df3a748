/**
 * Partner subscriptions and deliveries: the request is the API's input schema (the input rules on the
 * contract's fields); the answers are the contract's records (shared/contracts/partner.ts) less their internal
 * fields, with OpenAPI metadata.
 */
// Contract schemas take OpenAPI details through zod's own `.meta()` (see claims.ts); `.openapi()` is for schemas made here.
import { z } from '@hono/zod-openapi';
import { deliveryRecord, partnerEvent, partnerEvents, subscriptionRecord } from '../../../shared/contracts/index.ts';
import { text } from './input-rules.ts';

export const subscriptionRequestSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .openapi({ description: 'https URL that receives Standard Webhooks-signed POSTs', example: 'https://newsroom.example.com/hooks/factflow' }),
    events: z
      .array(partnerEvent)
      .min(1)
      .max(partnerEvents.length)
      .openapi({ example: [...partnerEvents] }),
    description: text(1, 200).optional(),
  })
  .openapi('SubscriptionRequest');

/** A subscription as its partner reads it: the partner is the caller. */
export const subscriptionSchema = subscriptionRecord.omit({ partnerId: true }).meta({ id: 'Subscription' });

export const subscriptionCreatedSchema = z
  .object({
    subscription: subscriptionSchema,
    secret: z.string().openapi({ description: 'The signing secret (whsec_...). Shown once: store it now.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
  })
  .openapi('SubscriptionCreated');

/** A delivery as its partner reads it, without the notification and the per-send attempt count it is scheduled by. */
export const deliverySchema = deliveryRecord
  .omit({ partnerId: true, notificationId: true, attemptsThisSend: true })
  .extend({ id: deliveryRecord.shape.id.meta({ description: 'Also the webhook-id header of the message' }) })
  .meta({ id: 'Delivery' });
