/**
 * Documents: submit an article or transcript, read its ranked candidates, submit chosen ones as claims.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { FactDocument } from '../../../shared/domain/documents/document.ts';
import {
  type candidateSchema,
  documentClaimsResultSchema,
  documentClaimsSchema,
  documentIdParam,
  documentSchema,
  documentSubmissionSchema,
} from '../schemas.ts';
import { internalErrorResponse } from '../schemas.ts';
import { exactOptional } from '../../../shared/contracts/index.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

/**
 * The document service (HTML parsing with htmlparser2, segmentation, language detection, the claim analysis) is
 * loaded on the first documents request, from a chunk of its own: most API cold starts serve other routes
 * (issue #11, item 5).
 */
const documentService = () => import('../../../shared/domain/services/documents.ts');

const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_\-:.]{8,128}$/, '8 to 128 characters: letters, digits, _ - : .')
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header' },
      description: 'Makes a retry safe: the same key with the same body returns the document first created (200); with another body it is refused (422).',
    }),
});

type DocumentView = z.infer<typeof documentSchema>;

function documentView(d: FactDocument, base: string): DocumentView {
  const self = `${base}/documents/${d.id}`;
  const submissions = d.submissions ?? {};
  const candidates: Array<z.infer<typeof candidateSchema>> = (d.analysis?.candidates ?? []).map((c) => ({
    ...c,
    matches: c.matches.map((m) => ({ ...m, link: m.kind === 'verdict' ? `${base}/claims/${m.claimId}/verdict` : `${base}/claims/${m.claimId}` })),
    ...(submissions[c.segmentId] ? { submittedAs: submissions[c.segmentId] } : {}),
  }));
  return {
    id: d.id,
    status: d.status,
    source: d.source,
    ...(d.title !== undefined ? { title: d.title } : {}),
    ...(d.publisher !== undefined ? { publisher: d.publisher } : {}),
    ...(d.publishedAt !== undefined ? { publishedAt: d.publishedAt } : {}),
    ...(d.url !== undefined ? { url: d.url } : {}),
    ...(d.language !== undefined ? { language: d.language } : {}),
    submittedBy: d.submittedBy,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    expiresAt: new Date(d.expiresAt * 1000).toISOString(),
    characters: d.text.length,
    text: d.text,
    ...(d.failure !== undefined ? { failure: d.failure } : {}),
    candidates,
    groups: d.analysis?.groups ?? [],
    segments: d.segments ?? [],
    links: { self, claims: `${self}/claims` },
  };
}

const documentJson = { 'application/json': { schema: documentSchema } };

const submit = createRoute({
  method: 'post',
  path: '/documents',
  tags: ['Documents'],
  summary: 'Submit an article or transcript to find the claims worth checking',
  description: [
    'Send `text` (plain text or simple HTML), `turns` (a transcript) or only a `url` (the page is read through the outbound guard: public https pages, HTML or plain text, at most 5 MB, 8 s). The text is cut into segments; headline, standfirst, byline, captions and credits, pull quotes and "Read more" lines are recognised and never become candidates; each sentence is attributed, scored for check-worthiness and matched against earlier claims and verdicts.',
    'Short documents are processed before the answer (201). Longer ones (over 20,000 characters, configurable) are answered 202 with `status: processing` and a Location to poll. Documents are kept 30 days (configurable). Roles: fact-checker, admin.',
  ].join('\n\n'),
  ...secured('fact-checker', 'admin'),
  request: { headers: idempotencyKeyHeader, body: jsonBody(documentSubmissionSchema) },
  responses: {
    201: { description: 'Processed: the ranked candidates', content: documentJson },
    202: { description: 'Accepted: being processed; poll the Location', content: documentJson },
    200: { description: 'A repeat of an earlier request with the same Idempotency-Key', content: documentJson },
    ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const get = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags: ['Documents'],
  summary: "A document's segments and ranked candidates, with scores, reasons, matches and rewording groups",
  description: 'Fact-checkers see their own documents; reviewers and admins see all. Roles: fact-checker, reviewer, admin.',
  ...secured('fact-checker', 'reviewer', 'admin'),
  request: { params: documentIdParam },
  responses: {
    200: { description: 'The document', content: documentJson },
    ...errorResponses(401, 403, 404, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const pick = createRoute({
  method: 'post',
  path: '/documents/{id}/claims',
  tags: ['Documents'],
  summary: 'Submit chosen candidates (optionally edited) as claims',
  description:
    "Each pick becomes a claim through the normal submission path, with the document's URL and date as its appearance and the document named in its trail. Safe to retry: a repeat returns the claims first created (`created: false`); the same segment with another edit is refused (422). Roles: fact-checker, admin.",
  ...secured('fact-checker', 'admin'),
  request: { params: documentIdParam, body: jsonBody(documentClaimsSchema) },
  responses: {
    200: { description: 'The claims, one per pick', content: { 'application/json': { schema: documentClaimsResultSchema } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

export const documentRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(submit, async (c) => {
    const rt = c.get('runtime');
    const body = c.req.valid('json');
    const input = {
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.turns !== undefined ? { turns: body.turns } : {}),
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.publisher !== undefined ? { publisher: body.publisher } : {}),
      ...(body.publishedAt !== undefined ? { publishedAt: body.publishedAt } : {}),
      ...(body.language !== undefined ? { language: body.language } : {}),
    };
    const { submitDocument } = await documentService();
    const outcome = await submitDocument(rt.services, rt.documents, input, c.get('principal'), c.req.valid('header')['idempotency-key']);
    const view = documentView(outcome.document, rt.services.settings.publicBaseUrl);
    c.header('location', view.links.self);
    if (!outcome.created) return c.json(view, 200);
    return view.status === 'processing' ? c.json(view, 202) : c.json(view, 201);
  })
  .openapi(get, async (c) => {
    const rt = c.get('runtime');
    const { readDocument } = await documentService();
    const document = await readDocument(rt.documents, c.req.valid('param').id, c.get('principal'));
    if (document.status === 'processing') c.header('retry-after', '2');
    return c.json(documentView(document, rt.services.settings.publicBaseUrl), 200);
  })
  .openapi(pick, async (c) => {
    const rt = c.get('runtime');
    const picks = c.req.valid('json').claims.map((p) => ({
      segmentId: p.segmentId,
      ...(p.statement !== undefined ? { statement: p.statement } : {}),
      ...(p.claimant !== undefined ? { claimant: exactOptional(p.claimant) } : {}),
      ...(p.tags !== undefined ? { tags: p.tags } : {}),
      ...(p.priority !== undefined ? { priority: p.priority } : {}),
    }));
    const { submitDocumentClaims } = await documentService();
    const outcomes = await submitDocumentClaims(rt.services, rt.documents, c.req.valid('param').id, picks, c.get('principal'));
    const base = rt.services.settings.publicBaseUrl;
    return c.json({ claims: outcomes.map((o) => ({ ...o, link: `${base}/claims/${o.claimId}` })) }, 200);
  });
