/**
 * Corrections: a reviewer or admin proposes one; it goes to sign-off like any decision (see
 * shared/domain/services/corrections.ts) and, once approved, becomes the verdict's next version.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { proposeCorrection } from '../../../shared/domain/services/corrections.ts';
import { partnerRuntime } from '../../partners/context.ts';
import { claimIdParam, internalErrorResponse, text } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

export const correctionSchema = z
  .strictObject({
    rating: z.string().min(1).max(64).openapi({ description: 'Rating id from the configured scale', example: 'mostly-false' }),
    summary: text(1, 5000, { multiline: true }).openapi({ example: 'Two independent sources now put the number at about 1,500.' }),
    note: text(1, 2000, { multiline: true }).openapi({
      description: 'The correction note partners show',
      example: 'Corrected on 12 October: new evidence on troop numbers.',
    }),
  })
  .openapi('CorrectionProposal');

const correctionReviewSchema = z
  .object({
    reviewId: z.string(),
    claimId: z.string(),
    kind: z.literal('correction'),
    status: z.string(),
    baseVersion: z.number().int(),
    approvalsRequired: z.number().int(),
    requestedAt: z.string(),
    links: z.object({ claim: z.string(), verdict: z.string() }),
  })
  .openapi('CorrectionReview');

const propose = createRoute({
  method: 'post',
  path: '/claims/{id}/corrections',
  tags: ['Verdicts'],
  summary: 'Propose a correction of a published verdict (goes to reviewer sign-off)',
  description:
    'Opens a review of kind `correction`; reviewers receive a signed review request and decide through the decision webhook (quorum and four-eyes apply: the proposer cannot approve). ' +
    'When approved, version n+1 is published with the note, earlier versions stay readable, and partners receive `verdict.corrected`. 409 while another correction awaits sign-off.',
  ...secured('reviewer', 'admin'),
  request: { params: claimIdParam, body: jsonBody(correctionSchema) },
  responses: {
    202: { description: 'Correction awaiting sign-off', content: { 'application/json': { schema: correctionReviewSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

export const correctionRoutes = new OpenAPIHono<ApiEnv>().openapi(propose, async (c) => {
  const rt = c.get('runtime');
  const { id } = c.req.valid('param');
  const review = await proposeCorrection(rt.services, partnerRuntime(rt).corrections, c.get('principal'), id, c.req.valid('json'));
  const claimUrl = `${rt.services.settings.publicBaseUrl}/claims/${id}`;
  return c.json(
    {
      reviewId: review.id,
      claimId: id,
      kind: 'correction' as const,
      status: review.status,
      baseVersion: review.correction!.baseVersion,
      approvalsRequired: review.approvalsRequired,
      requestedAt: review.requestedAt,
      links: { claim: claimUrl, verdict: `${claimUrl}/verdict` },
    },
    202,
  );
});
