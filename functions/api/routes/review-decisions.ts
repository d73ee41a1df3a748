import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { verifyWebhook } from '../../../shared/adapters/webhooks/webhook-sender.ts';
import { decideReview } from '../../../shared/domain/services/sign-off.ts';
import { problem } from '../problem.ts';
import { decisionResultSchema, decisionWebhookSchema } from '../schemas.ts';
import type { ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

const webhookHeaders = z.object({
  'webhook-id': z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: 'webhook-id', in: 'header' }, example: 'msg_2x8Q4n7f' }),
  'webhook-timestamp': z
    .string()
    .regex(/^\d{1,12}$/)
    .openapi({ param: { name: 'webhook-timestamp', in: 'header' }, example: '1732630000' }),
  'webhook-signature': z
    .string()
    .min(1)
    .max(2048)
    .openapi({ param: { name: 'webhook-signature', in: 'header' }, example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' }),
});

const decide = createRoute({
  method: 'post',
  path: '/webhooks/review-decisions',
  tags: ['Reviews'],
  summary: 'Receive a reviewer decision (Standard Webhooks-signed)',
  description:
    'Authenticated by its Standard Webhooks signature (HMAC-SHA256 over `webhook-id.webhook-timestamp.body` with the decision secret), not an API key. Stale timestamps (±5 minutes) and replayed `webhook-id`s change nothing.',
  security: [{ StandardWebhooks: [] }],
  request: { headers: webhookHeaders, body: jsonBody(decisionWebhookSchema) },
  responses: {
    200: { description: 'Decision recorded (or recognised as a replay)', content: { 'application/json': { schema: decisionResultSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 410, 413, 415, 422, 503),
  },
});

export const reviewDecisionRoutes = new OpenAPIHono<ApiEnv>();

// Signatures are checked over the raw body before any parsing or validation: an unsigned request learns
// nothing about our schema and changes nothing.
reviewDecisionRoutes.use(decide.path, async (c, next) => {
  const rt = c.get('runtime');
  const secret = rt.env.REVIEW_DECISION_SECRET;
  if (!secret) return problem(c, 'unavailable', 'review decisions are not configured on this deployment');
  const raw = await c.req.text();
  try {
    verifyWebhook(secret, raw, {
      'webhook-id': c.req.header('webhook-id'),
      'webhook-timestamp': c.req.header('webhook-timestamp'),
      'webhook-signature': c.req.header('webhook-signature'),
    });
  } catch {
    return problem(c, 'invalid-signature', 'the webhook signature is missing, wrong, or its timestamp is outside the tolerance');
  }
  await next();
});

reviewDecisionRoutes.openapi(decide, async (c) => {
  const rt = c.get('runtime');
  const { data } = c.req.valid('json');
  const outcome = await decideReview(rt.services, rt.principals, { messageId: c.req.valid('header')['webhook-id'], ...data });
  return c.json(outcome, 200);
});
