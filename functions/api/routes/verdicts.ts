import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { DomainError } from '../../../shared/domain/errors.ts';
import { claimIdParam, verdictSchema } from '../schemas.ts';
import { apiKeySecurity, roles, type ApiEnv } from '../security.ts';
import { verdictView } from '../views.ts';
import { errorResponses } from './openapi-helpers.ts';

const getVerdict = createRoute({
  method: 'get',
  path: '/claims/{id}/verdict',
  tags: ['Verdicts'],
  summary: 'Get the published verdict of a claim (latest version)',
  description: 'Roles: partner, fact-checker, reviewer, admin. 404 until the claim is published.',
  security: apiKeySecurity,
  middleware: [roles('partner', 'fact-checker', 'reviewer', 'admin')] as const,
  request: { params: claimIdParam },
  responses: {
    200: { description: 'The verdict', content: { 'application/json': { schema: verdictSchema } } },
    ...errorResponses(401, 403, 404, 422, 429),
  },
});

export const verdictRoutes = new OpenAPIHono<ApiEnv>().openapi(getVerdict, async (c) => {
  const rt = c.get('runtime');
  const verdict = await rt.services.verdicts.get(c.req.valid('param').id);
  if (!verdict) throw new DomainError('not_found', 'this claim has no published verdict');
  c.header('cache-control', 'public, max-age=60');
  return c.json(verdictView(verdict, rt.services.settings.publicBaseUrl), 200);
});
