/**
 * Review requests an admin looks after: `POST /admin/reviews/{reviewId}/resend` sends an open review's
 * request to the reviewers again, now (the same webhook-id, so their tool de-duplicates), and records the
 * delivery on the review, the claim and its trail. If it fails, retries with backoff start again.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { reviewDelivery } from '../../../shared/contracts/index.ts';
import { resendReviewRequest } from '../../../shared/domain/services/review-delivery.ts';
import { internalErrorResponse, reviewIdParam } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

const resendResult = z
  .object({ reviewId: z.string(), delivery: reviewDelivery.meta({ id: 'ReviewDelivery', description: 'Where the review request delivery stands' }) })
  .openapi('ReviewRequestResend');

const resend = createRoute({
  method: 'post',
  path: '/admin/reviews/{reviewId}/resend',
  tags: ['Administration'],
  summary: "Resend an open review's request to the reviewers now",
  description:
    'For a review request the reviewer tool did not accept (its delivery `failed` after every retry, or is `retrying`). Send `{}` as the body. A closed review is 409. Roles: admin.',
  ...secured('admin'),
  request: { params: reviewIdParam, body: jsonBody(z.strictObject({}).openapi('ResendRequest')) },
  responses: {
    200: { description: 'The resend was made; `delivery` says whether it got through', content: { 'application/json': { schema: resendResult } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

export const reviewAdminRoutes = new OpenAPIHono<ApiEnv>().openapi(resend, async (c) => {
  const { reviewId } = c.req.valid('param');
  const delivery = await resendReviewRequest(c.get('runtime').services, reviewId, c.get('principal').id);
  return c.json({ reviewId, delivery }, 200);
});
