import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../../shared/domain/errors.ts';
import { submitClaim } from '../../../shared/domain/services/submission.ts';
import { countMetric } from '../../commons/observability.ts';
import { claimIdParam, claimSchema, claimSubmissionSchema } from '../schemas.ts';
import { apiKeySecurity, roles, type ApiEnv } from '../security.ts';
import { claimView } from '../views.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_\-:.]{8,128}$/, '8 to 128 characters: letters, digits, _ - : .')
    .optional()
    .openapi({ param: { name: 'Idempotency-Key', in: 'header' }, example: '2f1c9a0e-7b8d-4c61-9e8f-1a2b3c4d5e6f' }),
});

const submit = createRoute({
  method: 'post',
  path: '/claims',
  tags: ['Claims'],
  summary: 'Submit a claim for fact-checking',
  description: 'Stores the claim and starts its workflow (triage, source gathering, review, publish). Roles: fact-checker, admin.',
  security: apiKeySecurity,
  middleware: [roles('fact-checker', 'admin')] as const,
  request: { headers: idempotencyKeyHeader, body: jsonBody(claimSubmissionSchema) },
  responses: {
    202: { description: 'Accepted: the workflow has started', content: { 'application/json': { schema: claimSchema } } },
    200: { description: 'A repeat of an earlier request with the same Idempotency-Key: the original claim', content: { 'application/json': { schema: claimSchema } } },
    ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503),
  },
});

const getClaim = createRoute({
  method: 'get',
  path: '/claims/{id}',
  tags: ['Claims'],
  summary: 'Get a claim: status, stage, triage, evidence, review state and verdict link',
  description: 'Roles: fact-checker, reviewer, admin.',
  security: apiKeySecurity,
  middleware: [roles('fact-checker', 'reviewer', 'admin')] as const,
  request: { params: claimIdParam },
  responses: {
    200: { description: 'The claim', content: { 'application/json': { schema: claimSchema } } },
    ...errorResponses(401, 403, 404, 422, 429),
  },
});

export const claimRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(submit, async (c) => {
    const rt = c.get('runtime');
    const { claim, created } = await submitClaim(rt.services, c.req.valid('json'), c.get('principal'), c.req.valid('header')['idempotency-key']);
    if (created) countMetric('ClaimsSubmitted');
    const view = claimView(claim, rt.services.settings.publicBaseUrl);
    c.header('location', view.links.self);
    return created ? c.json(view, 202) : c.json(view, 200);
  })
  .openapi(getClaim, async (c) => {
    const rt = c.get('runtime');
    const claim = await rt.services.claims.get(c.req.valid('param').id);
    if (!claim) throw new DomainError('not_found', 'no claim with this id');
    return c.json(claimView(claim, rt.services.settings.publicBaseUrl), 200);
  });

