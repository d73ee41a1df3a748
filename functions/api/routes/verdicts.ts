/**
 * Verdict reads for partners: the latest verdict and each version as JSON or schema.org ClaimReview
 * JSON-LD, and the change feed. Every 200 carries a strong ETag (a hash of the exact bytes sent),
 * Last-Modified and a private Cache-Control; If-None-Match (or If-Modified-Since) answers 304.
 *
 * These answers need an API key, so they are `private`: a shared cache must not serve them to callers
 * without one. The public, CDN-cacheable face of a verdict is its page (functions/api/routes/public-pages.ts).
 * JSON and JSON-LD are escaped for embedding (representation/embeddable-json.ts). `Vary: Accept` keeps
 * the two representations apart in caches.
 */
import { createHash } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { toClaimReview } from '../../../shared/domain/claim-review.ts';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { Verdict } from '../../../shared/domain/verdict.ts';
import { partnerRuntime } from '../../partners/context.ts';
import { claimIdParam, internalErrorResponse, verdictSchema } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { PRIVATE_DEFAULT, PRIVATE_IMMUTABLE, PRIVATE_LATEST } from '../representation/cache-control.ts';
import { embeddableJson } from '../representation/embeddable-json.ts';
import { reviewerNames } from '../representation/reviewer-names.ts';
import { verdictView } from '../views.ts';
import { factCheckUrls } from './public-pages.ts';
import { errorResponses } from './openapi-helpers.ts';
import { partnerEvent } from '../../../shared/contracts/index.ts';
import { roles } from '../../../shared/contracts/index.ts';

/** Every role may read verdicts. */
const readers = roles;

/** Latest version: short-lived, since a correction replaces it. Versions never change once written. */
const LATEST_CACHE = PRIVATE_LATEST;
const VERSION_CACHE = PRIVATE_IMMUTABLE;
const FEED_CACHE = PRIVATE_DEFAULT;

const formatQuery = z.strictObject({
  format: z
    .enum(['json', 'claimreview'])
    .optional()
    .openapi({
      param: { name: 'format', in: 'query' },
      description:
        'Representation: `json` (default) or `claimreview` (schema.org ClaimReview JSON-LD). Without it, `Accept: application/ld+json` selects ClaimReview.',
      example: 'claimreview',
    }),
});

const versionParams = claimIdParam.extend({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(999_999)
    .openapi({ param: { name: 'version', in: 'path' }, example: 1 }),
});

export const claimReviewSchema = z
  .looseObject({
    '@context': z.literal('https://schema.org'),
    '@type': z.literal('ClaimReview'),
    url: z.string(),
    claimReviewed: z.string(),
    author: z.looseObject({ '@type': z.literal('Organization'), name: z.string(), url: z.string() }),
    datePublished: z.string(),
    dateModified: z.string().optional(),
    reviewRating: z.looseObject({
      '@type': z.literal('Rating'),
      alternateName: z.string(),
      ratingValue: z.number().optional(),
      bestRating: z.number().optional(),
      worstRating: z.number().optional(),
    }),
    itemReviewed: z.looseObject({ '@type': z.literal('Claim') }),
  })
  .openapi('ClaimReview', { description: "schema.org ClaimReview JSON-LD with Google's required and recommended properties" });

const conditionalHeaders = z.object({
  'if-none-match': z
    .string()
    .max(2048)
    .optional()
    .openapi({ param: { name: 'if-none-match', in: 'header' }, example: '"3q2-7w"' }),
  'if-modified-since': z
    .string()
    .max(64)
    .optional()
    .openapi({ param: { name: 'if-modified-since', in: 'header' } }),
});

const representations = {
  200: {
    description: 'The verdict (JSON) or its ClaimReview (JSON-LD), with ETag, Last-Modified and Cache-Control',
    content: { 'application/json': { schema: verdictSchema }, 'application/ld+json': { schema: claimReviewSchema } },
  },
  304: { description: 'Not modified: the If-None-Match ETag (or If-Modified-Since date) still matches' },
  ...errorResponses(401, 403, 404, 422, 429),
  ...internalErrorResponse,
};

const getVerdict = createRoute({
  method: 'get',
  path: '/claims/{id}/verdict',
  tags: ['Verdicts'],
  summary: 'Get the published verdict of a claim (latest version), as JSON or ClaimReview',
  description: '404 until the claim is published (and for unknown claims).',
  ...secured(...readers),
  request: { params: claimIdParam, query: formatQuery, headers: conditionalHeaders },
  responses: representations,
});

const getVersion = createRoute({
  method: 'get',
  path: '/claims/{id}/verdict/versions/{version}',
  tags: ['Verdicts'],
  summary: 'Get one version of a verdict (versions are immutable; corrections add versions)',
  ...secured(...readers),
  request: { params: versionParams, query: formatQuery, headers: conditionalHeaders },
  responses: representations,
});

const feedQuery = z.strictObject({
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({
      param: { name: 'since', in: 'query' },
      description: 'Start with versions changed at or after this instant (first request).',
      example: '2024-10-01T00:00:00Z',
    }),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: 'The `next` value of the previous page, unchanged (later requests).' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
});

const feedPageSchema = z
  .object({
    items: z.array(
      z.object({
        event: partnerEvent,
        changedAt: z.string(),
        verdict: verdictSchema,
      }),
    ),
    next: z.string().openapi({ description: 'Cursor for the next page. Always present: poll it later for newer changes.' }),
    settledUntil: z.string().openapi({ description: 'This page holds every change before this instant that follows the previous position.' }),
    links: z.object({ next: z.string() }),
  })
  .openapi('VerdictFeedPage');

const getFeed = createRoute({
  method: 'get',
  path: '/verdicts/feed',
  tags: ['Verdicts'],
  summary: 'Changes (publications and corrections) in change order, cursor-paginated',
  description:
    'Pass `since` on the first request and the returned `next` cursor afterwards (exactly one of the two). No change is skipped or repeated across pages. ' +
    'Changes appear once they are a few seconds old (FEED_SETTLE_MS, default 5 s), which is what makes that guarantee hold while publishes happen concurrently.',
  ...secured(...readers),
  request: { query: feedQuery, headers: conditionalHeaders },
  responses: {
    200: { description: 'A page of changes', content: { 'application/json': { schema: feedPageSchema } } },
    304: { description: 'Not modified' },
    ...errorResponses(401, 403, 422, 429),
    ...internalErrorResponse,
  },
});

/**
 * ClaimReview when asked for by `format`, or by an Accept that prefers JSON-LD over JSON (hono/accepts:
 * the highest q wins; JSON when neither is named).
 */
function wantsClaimReview(c: Context<ApiEnv>, format: 'json' | 'claimreview' | undefined): boolean {
  if (format) return format === 'claimreview';
  return accepts(c, { header: 'Accept', supports: ['application/json', 'application/ld+json'], default: 'application/json' }) === 'application/ld+json';
}

/**
 * Strong ETags (hono/etag hashes the exact bytes sent; a 304 keeps Cache-Control, Vary and Last-Modified).
 * If-None-Match is matched with the weak comparison RFC 9110 asks for, so `W/"…"` also matches.
 */
const validators = etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'last-modified'] });

/**
 * Sends a representation with Last-Modified and Cache-Control; If-Modified-Since (consulted only without
 * If-None-Match, as RFC 9110 says) answers 304 here, If-None-Match in `validators`.
 */
function cacheable(c: Context<ApiEnv>, body: string, contentType: string, lastModified: string, cacheControl: string): Response {
  const modified = new Date(Math.floor(Date.parse(lastModified) / 1000) * 1000);
  const headers: Record<string, string> = { 'last-modified': modified.toUTCString(), 'cache-control': cacheControl, vary: 'Accept' };
  const ims = c.req.header('if-modified-since');
  const notModified =
    c.req.header('if-none-match') === undefined && ims !== undefined && !Number.isNaN(Date.parse(ims)) && modified.getTime() <= Date.parse(ims);
  if (notModified) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, 'content-type': contentType } });
}

async function represent(
  c: Context<ApiEnv>,
  verdict: Verdict,
  format: 'json' | 'claimreview' | undefined,
  url: string,
  cacheControl: string,
): Promise<Response> {
  const rt = c.get('runtime');
  const baseUrl = rt.services.settings.publicBaseUrl;
  if (wantsClaimReview(c, format)) {
    const first = verdict.version === 1 ? verdict : await rt.services.verdicts.get(verdict.claimId, 1);
    const review = toClaimReview(verdict, {
      publisher: partnerRuntime(rt).publisher,
      scale: rt.services.settings.ratingScale,
      url,
      firstPublishedAt: first?.publishedAt ?? verdict.publishedAt,
    });
    return cacheable(c, embeddableJson(review), 'application/ld+json; charset=utf-8', verdict.publishedAt, cacheControl);
  }
  return cacheable(
    c,
    embeddableJson(verdictView(verdict, baseUrl, await reviewerNames(rt, verdict.reviewers))),
    'application/json; charset=utf-8',
    verdict.publishedAt,
    cacheControl,
  );
}

export const verdictRoutes = new OpenAPIHono<ApiEnv>();
verdictRoutes.use('/claims/:id/verdict', validators);
verdictRoutes.use('/claims/:id/verdict/versions/:version', validators);
verdictRoutes.use('/verdicts/feed', validators);

verdictRoutes.openapi(getVerdict, async (c) => {
  const rt = c.get('runtime');
  const { id } = c.req.valid('param');
  // Verdict items are written only by a publish, so an unpublished or unknown claim has none: 404.
  const verdict = await rt.services.verdicts.get(id);
  if (!verdict) throw new DomainError('not_found', 'this claim has no published verdict');
  // ClaimReview's url is the public page, which anyone can open (the API route needs a key).
  return represent(c, verdict, c.req.valid('query').format, factCheckUrls(rt.services.settings.publicBaseUrl, id).page, LATEST_CACHE);
});

verdictRoutes.openapi(getVersion, async (c) => {
  const rt = c.get('runtime');
  const { id, version } = c.req.valid('param');
  const verdict = await rt.services.verdicts.get(id, version);
  if (!verdict) throw new DomainError('not_found', `this claim has no published verdict version ${version}`);
  return represent(c, verdict, c.req.valid('query').format, factCheckUrls(rt.services.settings.publicBaseUrl, id).version(version), VERSION_CACHE);
});

verdictRoutes.openapi(getFeed, async (c) => {
  const rt = c.get('runtime');
  const { since, cursor, limit } = c.req.valid('query');
  if ((since === undefined) === (cursor === undefined)) {
    throw new DomainError('invalid', 'pass exactly one of `since` (first request) and `cursor` (later requests)', {
      field: since === undefined ? 'query:/since' : 'query:/cursor',
      rule: 'exactly one of since, cursor',
    });
  }
  const partners = partnerRuntime(rt);
  const horizon = new Date(rt.services.clock.now().getTime() - partners.feedSettleMs).toISOString();
  const page = await partners.feed.read(cursor !== undefined ? { cursor } : { since: since! }, horizon, limit);
  const baseUrl = rt.services.settings.publicBaseUrl;
  const body = {
    items: await Promise.all(
      page.items.map(async (v) => ({
        event: v.version === 1 ? ('verdict.published' as const) : ('verdict.corrected' as const),
        changedAt: v.publishedAt,
        verdict: verdictView(v, baseUrl, await reviewerNames(rt, v.reviewers)),
      })),
    ),
    next: page.next,
    // What this page proves, never beyond what was read (the horizon only when the page reached it).
    settledUntil: page.settledUntil,
    links: { next: `${baseUrl}/verdicts/feed?cursor=${encodeURIComponent(page.next)}&limit=${limit}` },
  };
  // settledUntil moves every request; the ETag covers what matters to a poller, the changes themselves
  // (set here, so `validators` compares it instead of hashing the body).
  const etagValue = `"${createHash('sha256')
    .update(JSON.stringify({ items: body.items, next: body.next }))
    .digest('base64url')
    .slice(0, 32)}"`;
  return new Response(embeddableJson(body), {
    status: 200,
    headers: { etag: etagValue, 'cache-control': FEED_CACHE, vary: 'Accept', 'content-type': 'application/json; charset=utf-8' },
  });
});
