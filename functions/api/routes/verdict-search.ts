/**
 * The verdict search: `GET /verdicts/search?q=…` and `POST /verdicts/search` (a longer text in the body).
 * Published and imported verdicts best matching the text, with their similarity and relation, best first,
 * paginated by a sealed cursor bound to the query (shared/domain/matching/search-verdicts.ts).
 *
 * Caching: a GET answer carries a strong ETag and `private, no-cache` (the caller may keep it and revalidate
 * with If-None-Match: a new or corrected verdict can change the ranking at any time, so no max-age). A POST
 * answer is not cacheable by HTTP's rules; it carries the same private policy.
 * Rate limits: the per-key limit of every keyed route (RATE_LIMIT_PER_MINUTE) applies.
 */
import { createHash, createHmac } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { etag } from 'hono/etag';
import { CursorCodec } from '../../../shared/adapters/cursor.ts';
import { matchedRelation } from '../../../shared/contracts/index.ts';
import { DomainError } from '../../../shared/domain/errors.ts';
import { searchVerdicts } from '../../../shared/domain/matching/search-verdicts.ts';
import { isKnownLanguageCode } from '../../../shared/domain/triage/language.ts';
import type { Runtime } from '../../commons/runtime.ts';
import { PRIVATE_DEFAULT } from '../representation/cache-control.ts';
import { embeddableJson } from '../representation/embeddable-json.ts';
import { reviewerNames } from '../representation/reviewer-names.ts';
import { internalErrorResponse, text, verdictSchema } from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { verdictView } from '../views.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

/** Who may search: those who read verdicts to decide what to check or publish. */
const searchers = ['partner', 'fact-checker', 'reviewer'] as const;

/** A query string fits in a URL; a longer text (a paragraph, a transcript excerpt) goes in a POST body. */
export const SEARCH_QUERY_MAX_CHARS = 1000;
export const SEARCH_TEXT_MAX_CHARS = 5000;

const language = z
  .string()
  .refine(isKnownLanguageCode, { message: 'must be a known ISO 639-1 language code' })
  .optional()
  .openapi({ description: "Only verdicts on claims in this language (ISO 639-1; the verdict's claim language).", example: 'en' });

const limit = z.coerce.number().int().min(1).max(50).default(10).openapi({ description: 'Results per page, 1 to 50 (default 10).', example: 10 });

const cursor = z
  .string()
  .min(1)
  .max(2048)
  .optional()
  .openapi({ description: 'The `next` value of the previous page, unchanged, with the same query and language.' });

const searchQuery = z.strictObject({
  q: text(1, SEARCH_QUERY_MAX_CHARS).openapi({
    param: { name: 'q', in: 'query' },
    description: `The claim to look up, 1 to ${SEARCH_QUERY_MAX_CHARS} characters (longer texts: POST).`,
    example: 'North Korea sent 3,000 soldiers to fight for Russia',
  }),
  language: language.openapi({ param: { name: 'language', in: 'query' } }),
  limit: limit.openapi({ param: { name: 'limit', in: 'query' } }),
  cursor: cursor.openapi({ param: { name: 'cursor', in: 'query' } }),
});

const searchBody = z
  .strictObject({
    text: text(1, SEARCH_TEXT_MAX_CHARS, { multiline: true }).openapi({
      description: `The text to look up, 1 to ${SEARCH_TEXT_MAX_CHARS} characters.`,
      example: 'Reports say some 3,000 North Korean troops have joined the Russian army.',
    }),
    language,
    limit,
    cursor,
  })
  .openapi('VerdictSearchRequest');

export const verdictSearchPageSchema = z
  .object({
    items: z.array(
      z.object({
        similarity: z.number().openapi({ description: "The re-ranker's similarity to the query, 0 to 1.", example: 0.62 }),
        relation: matchedRelation.meta({
          description: '`duplicate`: the same claim; `related`: the same subject with another or contradicting assertion.',
        }),
        verdict: verdictSchema,
      }),
    ),
    next: z.string().nullable().openapi({ description: 'Cursor for the next page (null on the last).' }),
    links: z.object({ next: z.string().nullable() }),
  })
  .openapi('VerdictSearchPage');

const responses = {
  200: { description: 'Matching verdicts, best first', content: { 'application/json': { schema: verdictSearchPageSchema } } },
  ...errorResponses(401, 403, 413, 415, 422, 429),
  ...internalErrorResponse,
};

const description =
  'Published and imported verdicts best matching a claim, in the style of Google Fact Check Tools `claims:search`: BM25 over the similar-claim index, ' +
  'then the re-ranker (a bounded number of reads whatever the archive size). Only matches at least related are listed.';

const getSearch = createRoute({
  method: 'get',
  path: '/verdicts/search',
  tags: ['Verdicts'],
  summary: 'Search published verdicts by claim text',
  description,
  ...secured(...searchers),
  request: {
    query: searchQuery,
    headers: z.object({
      'if-none-match': z
        .string()
        .max(2048)
        .optional()
        .openapi({ param: { name: 'if-none-match', in: 'header' } }),
    }),
  },
  responses: { ...responses, 304: { description: 'Not modified: the If-None-Match ETag still matches' } },
});

const postSearch = createRoute({
  method: 'post',
  path: '/verdicts/search',
  tags: ['Verdicts'],
  summary: 'Search published verdicts with a longer text',
  description,
  ...secured(...searchers),
  request: { body: jsonBody(searchBody) },
  responses,
});

const codecs = new WeakMap<Runtime, CursorCodec>();
/** Cursors sealed as the claim listing's are (same derivation from the pepper), holding the offset and the query they belong to. */
function codec(rt: Runtime): CursorCodec {
  let c = codecs.get(rt);
  if (!c) {
    c = new CursorCodec(createHmac('sha256', rt.pepper).update('cursor-signing').digest('hex'));
    codecs.set(rt, c);
  }
  return c;
}

function queryHash(q: string, lang: string | undefined): string {
  return createHash('sha256')
    .update(`${lang ?? ''}\n${q}`)
    .digest('base64url')
    .slice(0, 16);
}

async function answer(
  c: Context<ApiEnv>,
  input: { q: string; language?: string | undefined; limit: number; cursor?: string | undefined },
  field: string,
  nextLink: (next: string) => string | null,
): Promise<z.infer<typeof verdictSearchPageSchema>> {
  const rt = c.get('runtime');
  const hash = queryHash(input.q, input.language);
  let offset = 0;
  if (input.cursor !== undefined) {
    const position = codec(rt).decode(input.cursor);
    if (position?.s !== hash || typeof position.o !== 'number') {
      throw new DomainError('invalid', 'this cursor belongs to another search: repeat the query and language it was issued for', {
        field,
        rule: 'cursor of this search',
      });
    }
    offset = position.o;
  }
  const page = await searchVerdicts(rt.services.similarClaims, rt.services.verdicts, input.q, {
    ...(input.language !== undefined ? { language: input.language } : {}),
    offset,
    limit: input.limit,
  });
  const baseUrl = rt.services.settings.publicBaseUrl;
  const next = page.nextOffset === null ? null : codec(rt).encode({ s: hash, o: page.nextOffset });
  const body = {
    items: await Promise.all(
      page.hits.map(async (h) => ({
        similarity: h.similarity,
        relation: h.relation,
        verdict: verdictView(h.verdict, baseUrl, await reviewerNames(rt, h.verdict.reviewers)),
      })),
    ),
    next,
    links: { next: next === null ? null : nextLink(next) },
  };
  return body;
}

const HEADERS = { 'cache-control': PRIVATE_DEFAULT };

export const verdictSearchRoutes = new OpenAPIHono<ApiEnv>();
verdictSearchRoutes.use('/verdicts/search', async (c, next) => (c.req.method === 'GET' ? etag()(c, next) : next()));

verdictSearchRoutes.openapi(getSearch, async (c) => {
  const query = c.req.valid('query');
  const baseUrl = c.get('runtime').services.settings.publicBaseUrl;
  const body = await answer(c, query, 'query:/cursor', (next) => {
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', next);
    return `${baseUrl}${url.pathname}${url.search}`;
  });
  // A Response (not c.json) so that `etag()` can answer 304 for the documented 304.
  return new Response(embeddableJson(body), { status: 200, headers: { ...HEADERS, 'content-type': 'application/json; charset=utf-8' } });
});

verdictSearchRoutes.openapi(postSearch, async (c) => {
  const body = c.req.valid('json');
  // The next page of a POST search is another POST with the same body and this cursor: no link to follow.
  return c.json(await answer(c, { q: body.text, language: body.language, limit: body.limit, cursor: body.cursor }, '/cursor', () => null), 200, HEADERS);
});
