/**
 * Administration of reviewer integrations (admin role only; the same rules back `npm run keys`):
 * registering one issues its own signing secret (shown once) and names the reviewers it may speak for.
 * The integration's record is the contract's (shared/contracts/principal.ts); the API's schemas for it are in schemas/principals.ts.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { ReviewerIntegrationAdministration } from '../../../shared/domain/reviewer-integrations.ts';
import {
  internalErrorResponse,
  reviewerIntegrationCreatedSchema as created,
  reviewerIntegrationCreationSchema,
  reviewerIntegrationIdParam as idParam,
  reviewerIntegrationSchema,
} from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

const register = createRoute({
  method: 'post',
  path: '/admin/reviewer-integrations',
  tags: ['Administration'],
  summary: 'Register a reviewer integration with its own signing secret (shown once) and the reviewers it may speak for',
  description:
    'The integration signs decisions (Standard Webhooks) to `/webhooks/review-decisions/{id}`; it may name only the reviewers listed here, and each of them counts once towards a quorum. Roles: admin.',
  ...secured('admin'),
  request: { body: jsonBody(reviewerIntegrationCreationSchema) },
  responses: {
    201: { description: 'Registered; `secret` is the only copy', content: { 'application/json': { schema: created } } },
    ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const list = createRoute({
  method: 'get',
  path: '/admin/reviewer-integrations',
  tags: ['Administration'],
  summary: 'List reviewer integrations (never their secrets)',
  description: 'Roles: admin.',
  ...secured('admin'),
  responses: {
    200: {
      description: 'Every integration, oldest first',
      content: { 'application/json': { schema: z.object({ items: z.array(reviewerIntegrationSchema) }) } },
    },
    ...errorResponses(401, 403, 429, 503),
    ...internalErrorResponse,
  },
});

const revoke = createRoute({
  method: 'post',
  path: '/admin/reviewer-integrations/{id}/revoke',
  tags: ['Administration'],
  summary: 'Revoke a reviewer integration: its signature stops being accepted',
  description: 'Send `{}` as the body. Roles: admin.',
  ...secured('admin'),
  request: { params: idParam, body: jsonBody(z.strictObject({}).openapi('ReviewerIntegrationRevocation')) },
  responses: {
    200: { description: 'The revoked integration', content: { 'application/json': { schema: reviewerIntegrationSchema } } },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

type Runtime = ApiEnv['Variables']['runtime'];
const administration = (rt: Runtime) => new ReviewerIntegrationAdministration(rt.integrations, rt.principals);
const withUrl = (rt: Runtime, i: { id: string; name: string; reviewers: string[]; createdAt: string; revoked: boolean }) => ({
  ...i,
  decisionUrl: `${rt.services.settings.publicBaseUrl}/webhooks/review-decisions/${i.id}`,
});

export const reviewerIntegrationRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(register, async (c) => {
    const rt = c.get('runtime');
    const { integration, secret } = await administration(rt).register(c.req.valid('json'));
    c.header('cache-control', 'no-store');
    return c.json({ integration: withUrl(rt, integration), secret }, 201);
  })
  .openapi(list, async (c) => {
    const rt = c.get('runtime');
    return c.json({ items: (await administration(rt).list()).map((i) => withUrl(rt, i)) }, 200);
  })
  .openapi(revoke, async (c) => {
    const rt = c.get('runtime');
    return c.json(withUrl(rt, await administration(rt).revoke(c.req.valid('param').id)), 200);
  });
