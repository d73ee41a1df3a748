/**
 * Reviewer decisions, three ways in, each naming how the sender was verified (the credential sign-off
 * records and the quorum counts):
 * - `POST /webhooks/review-decisions/{integrationId}`: signed with that reviewer integration's own secret;
 *   it may name only the reviewers it is registered for.
 * - `POST /webhooks/review-decisions`: signed with the deployment-wide decision secret (may name any
 *   registered reviewer, proves no one's identity: its approvals count once towards a quorum).
 * - `POST /reviews/{reviewId}/decision`: a reviewer deciding in their own name with their API key.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { verifyWebhook } from '../../../shared/adapters/webhooks/webhook-sender.ts';
import type { DecisionCredential } from '../../../shared/domain/reviewer-integrations.ts';
import { decideReview } from '../../../shared/domain/services/sign-off.ts';
import { requestHash } from '../../../shared/domain/services/submission.ts';
import { problem } from '../problem.ts';
import { decisionResultSchema, decisionWebhookSchema, reviewIdParam } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';
import { chosenId, exactOptional } from '../../../shared/contracts/index.ts';

type DecisionEnv = { Variables: ApiEnv['Variables'] & { credential: DecisionCredential } };

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

const integrationParam = z.object({
  integrationId: chosenId.meta({ param: { name: 'integrationId', in: 'path' }, example: 'newsroom-cms' }),
});
/** The decision itself, as in the webhook's `data`, without the ids the route already names. */
const keyDecisionSchema = decisionWebhookSchema.shape.data.omit({ reviewId: true, reviewerId: true }).openapi('ReviewerKeyDecision');

const decisionResponses = {
  200: { description: 'Decision recorded (or recognised as a replay)', content: { 'application/json': { schema: decisionResultSchema } } },
  ...errorResponses(400, 401, 403, 404, 409, 410, 413, 415, 422, 503),
};

const decideShared = createRoute({
  method: 'post',
  path: '/webhooks/review-decisions',
  tags: ['Reviews'],
  summary: 'Receive a reviewer decision signed with the deployment-wide decision secret',
  description:
    "Authenticated by its Standard Webhooks signature (HMAC-SHA256 over `webhook-id.webhook-timestamp.body` with the decision secret), not an API key. Stale timestamps (±5 minutes) and replayed `webhook-id`s change nothing. The shared secret may name any registered reviewer but proves no one's identity: all approvals it signs in a round count once towards a quorum. Prefer a reviewer integration of your own (`/webhooks/review-decisions/{integrationId}`).",
  security: [{ StandardWebhooks: [] }],
  request: { headers: webhookHeaders, body: jsonBody(decisionWebhookSchema) },
  responses: decisionResponses,
});

const decideIntegration = createRoute({
  method: 'post',
  path: '/webhooks/review-decisions/{integrationId}',
  tags: ['Reviews'],
  summary: "Receive a reviewer decision signed with a reviewer integration's own secret",
  description:
    'Signed (Standard Webhooks) with the secret issued when the integration was registered (`POST /admin/reviewer-integrations`). The decision may name only a reviewer the integration is registered for (403 otherwise); each such reviewer counts once towards a quorum.',
  security: [{ StandardWebhooks: [] }],
  request: { params: integrationParam, headers: webhookHeaders, body: jsonBody(decisionWebhookSchema) },
  responses: decisionResponses,
});

const decideWithKey = createRoute({
  method: 'post',
  path: '/reviews/{reviewId}/decision',
  tags: ['Reviews'],
  summary: 'Decide a review in your own name with your reviewer API key',
  description:
    "The reviewer is the key's principal. Sending the same decision again is answered as a replay; another decision on a review this reviewer already decided in this round, or on a settled round, is a 409. Roles: reviewer, admin.",
  ...secured('reviewer', 'admin'),
  request: { params: reviewIdParam, body: jsonBody(keyDecisionSchema) },
  responses: { ...decisionResponses, ...errorResponses(429) },
});

const invalidSignature = (c: Context) => problem(c, 'invalid-signature', 'the webhook signature is missing, wrong, or its timestamp is outside the tolerance');

/** Signatures are checked over the raw body before any parsing: an unsigned request learns nothing and changes nothing. */
type Verification = 'verified' | 'invalid-signature' | 'not-json' | 'byte-order-mark';

/**
 * Verifies the signature over the body exactly as sent (decoded without dropping a byte-order mark), and
 * only then looks at whether it is JSON: a correctly signed body that is not JSON is the sender's bug to
 * fix (400), not a forged message (401).
 */
async function verification(c: Context, secret: string): Promise<Verification> {
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await c.req.arrayBuffer());
  try {
    verifyWebhook(secret, raw, {
      'webhook-id': c.req.header('webhook-id'),
      'webhook-timestamp': c.req.header('webhook-timestamp'),
      'webhook-signature': c.req.header('webhook-signature'),
    });
    return 'verified';
  } catch (err) {
    // standardwebhooks parses the payload only after the signature matched.
    if (err instanceof SyntaxError) return raw.charCodeAt(0) === 0xfeff ? 'byte-order-mark' : 'not-json';
    return 'invalid-signature';
  }
}

function refused(c: Context, outcome: Exclude<Verification, 'verified'>): Response {
  if (outcome === 'invalid-signature') return invalidSignature(c);
  return problem(
    c,
    'malformed-request',
    outcome === 'byte-order-mark'
      ? 'the body is correctly signed but starts with a byte-order mark; send UTF-8 JSON without one'
      : 'the body is correctly signed but is not valid JSON',
  );
}

export const reviewDecisionRoutes = new OpenAPIHono<DecisionEnv>();

reviewDecisionRoutes.use(decideShared.path, async (c, next) => {
  const secret = c.get('runtime').env.REVIEW_DECISION_SECRET;
  if (!secret) return problem(c, 'unavailable', 'review decisions are not configured on this deployment');
  const outcome = await verification(c, secret);
  if (outcome !== 'verified') return refused(c, outcome);
  c.set('credential', { kind: 'shared-secret' });
  await next();
});

reviewDecisionRoutes.use('/webhooks/review-decisions/:integrationId', async (c, next) => {
  const id = c.req.param('integrationId');
  const integration = chosenId.safeParse(id).success ? await c.get('runtime').integrations.get(id) : null;
  // Unknown, revoked or wrongly signed read alike: nothing tells a caller which integrations exist.
  if (!integration || integration.revoked) return invalidSignature(c);
  const outcome = await verification(c, integration.secret);
  if (outcome !== 'verified') return refused(c, outcome);
  c.set('credential', { kind: 'integration', integrationId: integration.id, reviewers: integration.reviewers });
  await next();
});

reviewDecisionRoutes.openapi(decideShared, async (c) => {
  const rt = c.get('runtime');
  const data = exactOptional(c.req.valid('json').data);
  return c.json(
    await decideReview(rt.services, rt.principals, { messageId: c.req.valid('header')['webhook-id'], ...data, credential: c.get('credential') }),
    200,
  );
});

reviewDecisionRoutes.openapi(decideIntegration, async (c) => {
  const rt = c.get('runtime');
  const data = exactOptional(c.req.valid('json').data);
  const { integrationId } = c.req.valid('param');
  // Message ids are an integration's own: the same webhook-id from two integrations are two messages.
  const messageId = `${integrationId}/${c.req.valid('header')['webhook-id']}`;
  return c.json(await decideReview(rt.services, rt.principals, { messageId, ...data, credential: c.get('credential') }), 200);
});

reviewDecisionRoutes.openapi(decideWithKey, async (c) => {
  const rt = c.get('runtime');
  const principal = c.get('principal');
  const { reviewId } = c.req.valid('param');
  const body = c.req.valid('json');
  // The same decision sent again (a retry) is the same message, a replay. Another decision by the same reviewer
  // on the same review is a new message, and the review answers it: 409 once the reviewer decided this round or
  // the round settled, never a 200 "replay" that hides that nothing was recorded.
  const messageId = `key/${reviewId}/${principal.id}/${requestHash(body)}`;
  const outcome = await decideReview(rt.services, rt.principals, {
    messageId,
    reviewId,
    reviewerId: principal.id,
    ...exactOptional(body),
    credential: { kind: 'reviewer-key', principalId: principal.id },
  });
  return c.json(outcome, 200);
});
