/**
 * Partner accounts: each partner manages its own push subscriptions and reads its own delivery log.
 * Another partner's subscription or delivery answers 404, exactly like a missing one.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Delivery, Subscription } from '../../../shared/domain/partner.ts';
import { listDeliveries, resendDelivery } from '../../../shared/domain/services/partners/deliveries.ts';
import { createSubscription, deleteSubscription, enableSubscription, ownSubscription } from '../../../shared/domain/services/partners/subscriptions.ts';
import { partnerRuntime } from '../../partners/context.ts';
import { deliverySchema, internalErrorResponse, pageQuery, subscriptionCreatedSchema, subscriptionRequestSchema, subscriptionSchema } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { pageView } from '../views.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';
import { exactOptional } from '../../../shared/contracts/index.ts';

const deliveryPageSchema = z
  .object({ items: z.array(deliverySchema), next: z.string().nullable(), links: z.object({ next: z.string().nullable() }) })
  .openapi('DeliveryPage');

const subscriptionIdParam = z.object({
  id: z
    .string()
    .regex(/^sub_[0-9A-HJKMNP-TV-Z]{26}$/, 'a subscription id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'sub_01JD3Y5R6Q4M8X2V7N9B1C0KZT' }),
});
const deliveryIdParam = z.object({
  id: z
    .string()
    .regex(/^msg_[0-9A-HJKMNP-TV-Z]{26}_sub_[0-9A-HJKMNP-TV-Z]{26}$/, 'a delivery id')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const emptyBody = z.strictObject({}).openapi('EmptyRequest');
const deliveryQuery = z.strictObject(pageQuery);

function subscriptionView(s: Subscription): z.infer<typeof subscriptionSchema> {
  const { partnerId: _p, ...rest } = s;
  return rest;
}

function deliveryView(d: Delivery): z.infer<typeof deliverySchema> {
  const { partnerId: _p, notificationId: _n, attemptsThisSend: _a, ...rest } = d;
  return rest;
}

const tags = ['Partners'];
const partnerOnly = secured('partner');

const create = createRoute({
  method: 'post',
  path: '/partner/subscriptions',
  tags,
  summary: 'Subscribe an endpoint to verdict events (the signing secret is shown once)',
  description: 'The URL must be https and resolve to public addresses only (422 otherwise, naming the rule). Roles: partner.',
  ...partnerOnly,
  request: { body: jsonBody(subscriptionRequestSchema) },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: subscriptionCreatedSchema } } },
    ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const list = createRoute({
  method: 'get',
  path: '/partner/subscriptions',
  tags,
  summary: "List the caller's subscriptions",
  ...partnerOnly,
  responses: {
    200: { description: 'Subscriptions', content: { 'application/json': { schema: z.object({ items: z.array(subscriptionSchema) }) } } },
    ...errorResponses(401, 403, 429, 503),
    ...internalErrorResponse,
  },
});

const getOne = createRoute({
  method: 'get',
  path: '/partner/subscriptions/{id}',
  tags,
  summary: "Get one of the caller's subscriptions",
  ...partnerOnly,
  request: { params: subscriptionIdParam },
  responses: {
    200: { description: 'The subscription', content: { 'application/json': { schema: subscriptionSchema } } },
    ...errorResponses(401, 403, 404, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const remove = createRoute({
  method: 'delete',
  path: '/partner/subscriptions/{id}',
  tags,
  summary: 'Delete a subscription (pending deliveries to it fail)',
  ...partnerOnly,
  request: { params: subscriptionIdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 422, 429, 503), ...internalErrorResponse },
});

const enable = createRoute({
  method: 'post',
  path: '/partner/subscriptions/{id}/enable',
  tags,
  summary: 'Re-enable a subscription disabled after failures or a 410 (send `{}`)',
  ...partnerOnly,
  request: { params: subscriptionIdParam, body: jsonBody(emptyBody) },
  responses: {
    200: { description: 'Enabled; the failure count is reset', content: { 'application/json': { schema: subscriptionSchema } } },
    ...errorResponses(400, 401, 403, 404, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const deliveries = createRoute({
  method: 'get',
  path: '/partner/deliveries',
  tags,
  summary: 'The delivery log: every delivery with each attempt, newest first',
  ...partnerOnly,
  request: { query: deliveryQuery },
  responses: {
    200: { description: 'A page of deliveries', content: { 'application/json': { schema: deliveryPageSchema } } },
    ...errorResponses(401, 403, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const subscriptionDeliveries = createRoute({
  method: 'get',
  path: '/partner/subscriptions/{id}/deliveries',
  tags,
  summary: 'The delivery log of one subscription, newest first',
  ...partnerOnly,
  request: { params: subscriptionIdParam, query: deliveryQuery },
  responses: {
    200: { description: 'A page of deliveries', content: { 'application/json': { schema: deliveryPageSchema } } },
    ...errorResponses(401, 403, 404, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const resend = createRoute({
  method: 'post',
  path: '/partner/deliveries/{id}/resend',
  tags,
  summary: 'Send a delivery again (same webhook-id), whatever its status (send `{}`)',
  ...partnerOnly,
  request: { params: deliveryIdParam, body: jsonBody(emptyBody) },
  responses: {
    202: { description: "Queued; attempted on the delivery worker's next run", content: { 'application/json': { schema: deliverySchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

export const partnerRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(create, async (c) => {
    const { subscription, secret } = await createSubscription(partnerRuntime(c.get('runtime')).deps, c.get('principal'), exactOptional(c.req.valid('json')));
    c.header('cache-control', 'no-store');
    return c.json({ subscription: subscriptionView(subscription), secret }, 201);
  })
  .openapi(list, async (c) => {
    const items = await partnerRuntime(c.get('runtime')).deps.partners.listSubscriptions(c.get('principal').id);
    c.header('cache-control', 'no-store');
    return c.json({ items: items.map(subscriptionView) }, 200);
  })
  .openapi(getOne, async (c) => {
    const subscription = await ownSubscription(partnerRuntime(c.get('runtime')).deps, c.get('principal'), c.req.valid('param').id);
    c.header('cache-control', 'no-store');
    return c.json(subscriptionView(subscription), 200);
  })
  .openapi(remove, async (c) => {
    await deleteSubscription(partnerRuntime(c.get('runtime')).deps, c.get('principal'), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(enable, async (c) => {
    const subscription = await enableSubscription(partnerRuntime(c.get('runtime')).deps, c.get('principal'), c.req.valid('param').id);
    return c.json(subscriptionView(subscription), 200);
  })
  .openapi(deliveries, async (c) => {
    const rt = c.get('runtime');
    const { limit, cursor } = c.req.valid('query');
    const page = await listDeliveries(partnerRuntime(rt).deps, c.get('principal'), {}, { limit, ...(cursor ? { after: cursor } : {}) });
    c.header('cache-control', 'no-store');
    return c.json(pageView(page, deliveryView, c.req.url, rt.services.settings.publicBaseUrl), 200);
  })
  .openapi(subscriptionDeliveries, async (c) => {
    const rt = c.get('runtime');
    const { limit, cursor } = c.req.valid('query');
    const page = await listDeliveries(
      partnerRuntime(rt).deps,
      c.get('principal'),
      { subscriptionId: c.req.valid('param').id },
      { limit, ...(cursor ? { after: cursor } : {}) },
    );
    c.header('cache-control', 'no-store');
    return c.json(pageView(page, deliveryView, c.req.url, rt.services.settings.publicBaseUrl), 200);
  })
  .openapi(resend, async (c) => {
    const delivery = await resendDelivery(partnerRuntime(c.get('runtime')).deps, c.get('principal'), c.req.valid('param').id);
    return c.json(deliveryView(delivery), 202);
  });
