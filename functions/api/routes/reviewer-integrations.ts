/**
 * Administration of reviewer integrations (admin role only; the same rules back `npm run keys`):
 * registering one issues its own signing secret (shown once) and names the reviewers it may speak for.
 * The integration's record is the contract's (shared/contracts/principal.ts); the creation request is the API's input schema.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { reviewerIntegrationRecord } from '../../../shared/contracts/index.ts';
import { ReviewerIntegrationAdministration } from '../../../shared/domain/reviewer-integrations.ts';
import { internalErrorResponse, text } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

const integrationId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '3 to 64 lower-case letters, digits and hyphens');

export const reviewerIntegrationCreationSchema = z
  .strictObject({
    id: integrationId.openapi({ example: 'newsroom-cms' }),
    name: text(1, 200).openapi({ example: 'Newsroom CMS (desk A)' }),
    reviewers: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(100)
      .openapi({ description: 'Principal ids of the reviewers this integration may speak for.', example: ['jane-doe'] }),
  })
  .openapi('ReviewerIntegrationCreation');

/** An integration as the admin API answers it: the stored record less its secret, with where it sends decisions. */
export const reviewerIntegrationSchema = reviewerIntegrationRecord
  .omit({ secret: true })
  .extend({ decisionUrl: z.string() })
  .meta({ id: 'ReviewerIntegration' });

const created = z
  .object({
    integration: reviewerIntegrationSchema,
    secret: z.string().openapi({ description: 'The signing secret (Standard Webhooks `whsec_...`); the only copy.' }),
  })
  .openapi('ReviewerIntegrationCreated');
const idParam = z.object({ id: integrationId.openapi({ param: { name: 'id', in: 'path' }, example: 'newsroom-cms' }) });

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
