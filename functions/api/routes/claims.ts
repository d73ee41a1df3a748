/**
 * Claims: submit, read, list, follow the trail, withdraw. Roles are declared per route with `secured(...)`.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DomainError } from '../../../shared/domain/errors.ts';
import { retriageClaim } from '../../../shared/domain/services/retriage.ts';
import { claimHistory, listClaims, submitClaim, withdrawClaim } from '../../../shared/domain/services/submission.ts';
import { countMetric } from '../../commons/observability.ts';
import { logger } from '../../commons/runtime.ts';
import {
  claimIdParam,
  claimListQuery,
  claimPageSchema,
  claimSchema,
  claimSubmissionSchema,
  historyPageSchema,
  historyQuery,
  internalErrorResponse,
  withdrawalSchema,
} from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { claimView, eventView, pageView } from '../views.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';
import { exactOptional } from '../../../shared/contracts/index.ts';

const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_\-:.]{8,128}$/, '8 to 128 characters: letters, digits, _ - : .')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description:
        'Makes a retry safe: the same key with the same body returns the original claim (200); with another body it is refused (422). Keys are per principal and remembered for 24 hours.',
      example: '2f1c9a0e-7b8d-4c61-9e8f-1a2b3c4d5e6f',
    }),
});

const claimExample = {
  id: '01JD3Y5R6Q4M8X2V7N9B1C0KZT',
  status: 'received',
  stage: 'triage',
  statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.',
  claimant: { name: "Ukraine's military intelligence (HUR)" },
  appearances: [{ url: 'https://example-tabloid.co.uk/news/troops-ukraine', date: '2024-10-03' }],
  firstAppearance: { url: 'https://example-tabloid.co.uk/news/troops-ukraine', date: '2024-10-03' },
  tags: ['ukraine', 'north-korea'],
  priority: 'high',
  submittedBy: 'local-fact-checker',
  createdAt: '2024-10-04T09:30:00.000Z',
  updatedAt: '2024-10-04T09:30:00.000Z',
  links: {
    self: 'https://api.example.org/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT',
    history: 'https://api.example.org/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT/history',
    verdict: 'https://api.example.org/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT/verdict',
  },
};

const claimJson = (example: Record<string, unknown> = claimExample) => ({ 'application/json': { schema: claimSchema, example } });

const submit = createRoute({
  method: 'post',
  path: '/claims',
  tags: ['Claims'],
  summary: 'Submit a claim for fact-checking',
  description:
    'Stores the claim and starts its workflow (triage, source gathering, review, publish). Once stored, the claim is accepted: should the workflow start fail, a reconciler starts it shortly after. Roles: fact-checker, admin.',
  ...secured('fact-checker', 'admin'),
  request: { headers: idempotencyKeyHeader, body: jsonBody(claimSubmissionSchema) },
  responses: {
    202: {
      description: 'Accepted: the claim is stored and its workflow started',
      content: claimJson(),
      headers: { location: { description: 'The claim', schema: { type: 'string' } } },
    },
    200: { description: 'A repeat of an earlier request with the same Idempotency-Key: the original claim', content: claimJson() },
    ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const getClaim = createRoute({
  method: 'get',
  path: '/claims/{id}',
  tags: ['Claims'],
  summary: 'Get a claim: status, stage, triage, evidence, review state and verdict link',
  description: 'Roles: fact-checker, reviewer, admin.',
  ...secured('fact-checker', 'reviewer', 'admin'),
  request: { params: claimIdParam },
  responses: {
    200: { description: 'The claim', content: claimJson() },
    ...errorResponses(401, 403, 404, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const list = createRoute({
  method: 'get',
  path: '/claims',
  tags: ['Claims'],
  summary: 'List claims by status, submitter, tag and time range',
  description: [
    'Newest first, paginated with an opaque `cursor` (pass `next` back unchanged; cursors are signed and bound to the listing that issued them).',
    'Each listing is one query on an index designed for it: `tag` if given, else `submitter`, else `status`; `from`/`to` bound the creation time; the other filters narrow that query, so a page may hold fewer than `limit` claims while `next` is still set.',
    "**With none of `status`, `submitter` or `tag`, the caller's own claims are listed.**",
    'Roles: fact-checker, reviewer, admin.',
  ].join('\n\n'),
  ...secured('fact-checker', 'reviewer', 'admin'),
  request: { query: claimListQuery },
  responses: {
    200: {
      description: 'A page of claims',
      content: {
        'application/json': {
          schema: claimPageSchema,
          example: {
            items: [claimExample],
            next: 'eyJwayI6Ii4uLiJ9.c2lnbmF0dXJl',
            links: { next: 'https://api.example.org/claims?status=received&cursor=eyJwayI6Ii4uLiJ9.c2lnbmF0dXJl' },
          },
        },
      },
    },
    ...errorResponses(401, 403, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const history = createRoute({
  method: 'get',
  path: '/claims/{id}/history',
  tags: ['Claims'],
  summary: "A claim's trail: every workflow transition and decision (what, who, when), oldest first",
  description: 'Paginated like the claim listing. Roles: fact-checker, reviewer, admin.',
  ...secured('fact-checker', 'reviewer', 'admin'),
  request: { params: claimIdParam, query: historyQuery },
  responses: {
    200: {
      description: 'A page of trail events',
      content: {
        'application/json': {
          schema: historyPageSchema,
          example: {
            items: [
              {
                id: '01JD3Y5R6Q4M8X2V7N9B1C0KZV',
                claimId: '01JD3Y5R6Q4M8X2V7N9B1C0KZT',
                type: 'claim.submitted',
                actor: 'local-fact-checker',
                at: '2024-10-04T09:30:00.000Z',
                detail: { priority: 'high' },
              },
              {
                id: '01JD3Y5R6Q4M8X2V7N9B1C0KZW',
                claimId: '01JD3Y5R6Q4M8X2V7N9B1C0KZT',
                type: 'workflow.started',
                actor: 'workflow',
                at: '2024-10-04T09:30:00.050Z',
              },
            ],
            next: null,
            links: { next: null },
          },
        },
      },
    },
    ...errorResponses(401, 403, 404, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const withdraw = createRoute({
  method: 'post',
  path: '/claims/{id}/withdraw',
  tags: ['Claims'],
  summary: 'Withdraw a claim that is not yet published',
  description:
    "Stops the claim's workflow and records who withdrew it (and why) in the trail. Only the submitter or an admin may withdraw (403 otherwise); a claim already closed (published, rejected, withdrawn, ...) gives 409. Send a JSON body, `{}` at least. Roles: fact-checker, admin.",
  ...secured('fact-checker', 'admin'),
  request: { params: claimIdParam, body: jsonBody(withdrawalSchema) },
  responses: {
    200: {
      description: 'The withdrawn claim',
      content: claimJson({ ...claimExample, status: 'withdrawn', stage: 'closed', closedReason: 'Submitted twice by mistake.' }),
    },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const retriage = createRoute({
  method: 'post',
  path: '/claims/{id}/retriage',
  tags: ['Claims'],
  summary: 'Score a claim again with the current check-worthiness model',
  description:
    "Re-runs check-worthiness and language detection on the claim (after the model changed) and moves its priority with the score: below the threshold it goes to low, back above it returns to normal; a submitter's high priority stands. Re-scoring never closes a claim. A claim closed as not check-worthy (only the opt-in auto-close policy, `TRIAGE_AUTO_CLOSE=true`, closes one) is re-opened when that policy would not close it now (the new score meets the threshold, or auto-close was turned off): it returns to `received` and goes through the workflow again from triage, with the priority of its new score, and the trail records `claim.reopened` (old and new score, priority) then `workflow.started`; otherwise it stays closed. The claim must be past triage and not finally closed (gathering evidence, awaiting review, or closed as not check-worthy); otherwise 409. The trail records `triage.rescored` with the old and new score when the claim is not re-opened. Send a JSON body, `{}` at least. Roles: fact-checker, admin.",
  ...secured('fact-checker', 'admin'),
  // The body is `{}` (every POST takes one); documented so a generated client sends it.
  request: { params: claimIdParam, body: jsonBody(z.strictObject({})) },
  responses: {
    200: { description: 'The re-triaged claim', content: claimJson(claimExample) },
    ...errorResponses(400, 401, 403, 404, 409, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

/** ISO bounds compared as strings against stored createdAt (UTC, milliseconds): normalise date-times. */
function utc(bound: string | undefined): string | undefined {
  if (bound === undefined || /^\d{4}-\d{2}-\d{2}$/.test(bound)) return bound;
  return new Date(bound).toISOString();
}

export const claimRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(submit, async (c) => {
    const rt = c.get('runtime');
    const outcome = await submitClaim(rt.services, exactOptional(c.req.valid('json')), c.get('principal'), c.req.valid('header')['idempotency-key']);
    if (outcome.startDeferred) {
      logger.warn('workflow start deferred to the reconciler', { claimId: outcome.claim.id, reason: outcome.startDeferred.reason });
    }
    if (outcome.created) countMetric('ClaimsSubmitted');
    const view = claimView(outcome.claim, rt.services.settings.publicBaseUrl);
    c.header('location', view.links.self);
    return outcome.created ? c.json(view, 202) : c.json(view, 200);
  })
  .openapi(getClaim, async (c) => {
    const rt = c.get('runtime');
    const claim = await rt.services.claims.get(c.req.valid('param').id);
    if (!claim) throw new DomainError('not_found', 'no claim with this id');
    return c.json(claimView(claim, rt.services.settings.publicBaseUrl), 200);
  })
  .openapi(list, async (c) => {
    const rt = c.get('runtime');
    const q = c.req.valid('query');
    const from = utc(q.from);
    const to = utc(q.to);
    const page = await listClaims(rt.services, c.get('principal'), {
      limit: q.limit,
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      ...(q.status !== undefined ? { status: q.status } : {}),
      ...(q.submitter !== undefined ? { submittedBy: q.submitter } : {}),
      ...(q.tag !== undefined ? { tag: q.tag } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    const base = rt.services.settings.publicBaseUrl;
    return c.json(
      pageView(page, (claim) => claimView(claim, base), c.req.url, base),
      200,
    );
  })
  .openapi(history, async (c) => {
    const rt = c.get('runtime');
    const q = c.req.valid('query');
    const page = await claimHistory(rt.services, c.req.valid('param').id, { limit: q.limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) });
    return c.json(pageView(page, eventView, c.req.url, rt.services.settings.publicBaseUrl), 200);
  })
  .openapi(withdraw, async (c) => {
    const rt = c.get('runtime');
    const { reason } = c.req.valid('json');
    const claim = await withdrawClaim(rt.services, c.req.valid('param').id, c.get('principal'), reason);
    return c.json(claimView(claim, rt.services.settings.publicBaseUrl), 200);
  })
  .openapi(retriage, async (c) => {
    const rt = c.get('runtime');
    const claim = await retriageClaim(rt.services, c.req.valid('param').id, c.get('principal'));
    return c.json(claimView(claim, rt.services.settings.publicBaseUrl), 200);
  });
