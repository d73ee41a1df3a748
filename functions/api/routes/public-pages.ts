/**
 * What anyone may read without a key: a published verdict's page (`/fact-checks/{id}`, each earlier
 * version at `/fact-checks/{id}/versions/{n}`), the index of the latest fact-checks, the embeddable card
 * and its oEmbed endpoint. These are the only `Cache-Control: public` answers: a CDN may keep them
 * (strong ETag from hono/etag, 304 on If-None-Match, stale-while-revalidate). A claim that is not
 * published (never, not yet, or withdrawn) has no page: 404.
 */
import { Hono, type Context } from 'hono';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import { toClaimReview } from '../../../shared/domain/claim-review.ts';
import type { Verdict } from '../../../shared/domain/verdict.ts';
import { partnerRuntime } from '../../partners/context.ts';
import { embedCard, EMBED_CSP } from '../pages/embed-card.ts';
import { FACT_CHECK_CSS, factCheckPage, indexPage, notFoundPage, type PageContext } from '../pages/fact-check-page.ts';
import { PUBLIC_IMMUTABLE, PUBLIC_PAGE } from '../representation/cache-control.ts';
import { embeddableJson } from '../representation/embeddable-json.ts';
import { reviewerNames } from '../representation/reviewer-names.ts';
import type { ApiEnv } from '../security.ts';

const CLAIM_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const NOT_FOUND_CACHE = 'public, max-age=60';
const INDEX_PAGE_SIZE = 20;

/** Where the public pages live, from the configured base URL. */
export function factCheckUrls(baseUrl: string, claimId: string) {
  const page = `${baseUrl}/fact-checks/${claimId}`;
  return { page, version: (n: number) => `${page}/versions/${n}`, embed: `${page}/embed` };
}

function pageContext(c: Context<ApiEnv>): PageContext {
  const rt = c.get('runtime');
  return { publisher: partnerRuntime(rt).publisher, baseUrl: rt.services.settings.publicBaseUrl };
}

async function notFound(c: Context<ApiEnv>): Promise<Response> {
  c.header('cache-control', NOT_FOUND_CACHE);
  return c.html(await notFoundPage(pageContext(c)), 404);
}

/** The published verdict of a claim (latest, or one version) and every version, or null: not public. */
export async function publishedVersions(c: Context<ApiEnv>, claimId: string, version?: number): Promise<{ shown: Verdict; versions: Verdict[] } | null> {
  if (!CLAIM_ID.test(claimId)) return null;
  const rt = c.get('runtime');
  const [claim, latest] = await Promise.all([rt.services.claims.get(claimId), rt.services.verdicts.get(claimId)]);
  // Only a claim that is published now has a page (a withdrawn or retracted one has none).
  if (claim?.status !== 'published' || !latest) return null;
  if (version !== undefined && (version < 1 || version > latest.version)) return null;
  const earlier = await Promise.all(Array.from({ length: latest.version - 1 }, (_, i) => rt.services.verdicts.get(claimId, i + 1)));
  const versions = [...earlier.filter((v): v is Verdict => v !== null), latest];
  const shown = versions.find((v) => v.version === (version ?? latest.version));
  return shown ? { shown, versions } : null;
}

async function renderFactCheck(c: Context<ApiEnv>, version?: number): Promise<Response> {
  const rt = c.get('runtime');
  const claimId = c.req.param('id') ?? '';
  const found = await publishedVersions(c, claimId, version);
  if (!found) return notFound(c);
  const { shown, versions } = found;
  const ctx = pageContext(c);
  const urls = factCheckUrls(ctx.baseUrl, claimId);
  const url = version === undefined ? urls.page : urls.version(version);
  const claimReview = toClaimReview(shown, {
    publisher: ctx.publisher,
    scale: rt.services.settings.ratingScale,
    url,
    firstPublishedAt: (versions[0] ?? shown).publishedAt,
  });
  const page = await factCheckPage(ctx, {
    verdict: shown,
    versions,
    reviewerNames: await reviewerNames(rt, shown.reviewers),
    scale: rt.services.settings.ratingScale,
    claimReview,
    url,
    versionUrl: urls.version,
    latestUrl: urls.page,
  });
  // An earlier version never changes (it is superseded, not edited), so it may be kept for good.
  const superseded = version !== undefined && version < (versions[versions.length - 1]?.version ?? 0);
  c.header('cache-control', superseded ? PUBLIC_IMMUTABLE : PUBLIC_PAGE);
  c.header('last-modified', new Date(shown.publishedAt).toUTCString());
  c.header(
    'link',
    `<${urls.page}>; rel="canonical", <${ctx.baseUrl}/oembed?url=${encodeURIComponent(urls.page)}>; rel="alternate"; type="application/json+oembed"`,
  );
  return c.html(page);
}

export const publicPageRoutes = new Hono<ApiEnv>();
const validators = etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'last-modified'] });
publicPageRoutes.use('/fact-checks', validators);
publicPageRoutes.use('/fact-checks/*', validators);
publicPageRoutes.use('/assets/*', validators);
publicPageRoutes.use('/oembed', validators);

publicPageRoutes.get('/assets/fact-check.css', (c) => {
  c.header('cache-control', 'public, max-age=86400, stale-while-revalidate=604800');
  return c.body(FACT_CHECK_CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
});

// The site's home (where PUBLISHER_URL points by default) is the index of fact-checks.
publicPageRoutes.get('/', (c) => {
  c.header('cache-control', PUBLIC_PAGE);
  return c.redirect(`${pageContext(c).baseUrl}/fact-checks`, 302);
});

publicPageRoutes.get('/fact-checks', async (c) => {
  const rt = c.get('runtime');
  const ctx = pageContext(c);
  const cursor = c.req.query('cursor');
  if (cursor !== undefined && (cursor.length === 0 || cursor.length > 2048)) return notFound(c);
  let page: Awaited<ReturnType<typeof rt.services.claims.list>>;
  try {
    page = await rt.services.claims.list({ status: 'published' }, { limit: INDEX_PAGE_SIZE, ...(cursor ? { after: cursor } : {}) });
  } catch {
    // A forged or stale cursor: there is no such page.
    return notFound(c);
  }
  const verdicts = await Promise.all(page.items.map((claim) => rt.services.verdicts.get(claim.id)));
  const entries = verdicts.flatMap((v) =>
    v
      ? [
          {
            claimId: v.claimId,
            statement: v.claim.statement,
            claimant: v.claim.claimant.name,
            rating: v.rating.label,
            publishedAt: v.publishedAt,
            url: factCheckUrls(ctx.baseUrl, v.claimId).page,
          },
        ]
      : [],
  );
  const self = `${ctx.baseUrl}/fact-checks${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`;
  const next = page.next ? `${ctx.baseUrl}/fact-checks?cursor=${encodeURIComponent(page.next)}` : null;
  c.header('cache-control', PUBLIC_PAGE);
  return c.html(await indexPage(ctx, entries, { self, next, first: cursor ? `${ctx.baseUrl}/fact-checks` : null }));
});

publicPageRoutes.get('/fact-checks/:id', (c) => renderFactCheck(c));

publicPageRoutes.get('/fact-checks/:id/versions/:version', (c) => {
  const raw = c.req.param('version');
  if (!/^[1-9]\d{0,5}$/.test(raw)) return notFound(c);
  return renderFactCheck(c, Number(raw));
});

publicPageRoutes.get('/fact-checks/:id/embed', async (c) => {
  const rt = c.get('runtime');
  const found = await publishedVersions(c, c.req.param('id'));
  if (!found) return notFound(c);
  const ctx = pageContext(c);
  c.header('cache-control', PUBLIC_PAGE);
  // The card is made to be framed by partner outlets: any ancestor may frame it.
  c.header('content-security-policy', EMBED_CSP);
  return c.html(await embedCard(ctx, found.shown, factCheckUrls(ctx.baseUrl, found.shown.claimId).page, rt.services.settings.ratingScale));
});

const EMBED_WIDTH = 480;
const EMBED_HEIGHT = 260;

/**
 * oEmbed 1.0 (https://oembed.com): `GET /oembed?url=<a fact-check page>` gives a `rich` answer whose
 * `html` is one iframe of the card, so a partner (or its CMS) embeds a verdict with one line of HTML.
 * JSON only (`format=xml` is 501, as the spec says); escaped like every JSON answer.
 */
publicPageRoutes.get('/oembed', async (c) => {
  const ctx = pageContext(c);
  const format = c.req.query('format') ?? 'json';
  if (format !== 'json') return c.text('only format=json is supported', 501);
  const target = c.req.query('url') ?? '';
  const prefix = `${ctx.baseUrl}/fact-checks/`;
  const id = target.startsWith(prefix) ? (target.slice(prefix.length).split(/[/?#]/)[0] ?? '') : '';
  const found = id ? await publishedVersions(c, id) : null;
  if (!found) return c.text('no published fact-check at that url', 404, { 'cache-control': NOT_FOUND_CACHE });
  const maxwidth = Number(c.req.query('maxwidth')) || EMBED_WIDTH;
  const width = Math.max(200, Math.min(EMBED_WIDTH, Math.floor(maxwidth)));
  const urls = factCheckUrls(ctx.baseUrl, id);
  const v = found.shown;
  const title = `Fact-check: ${v.claim.statement}`;
  const iframeTitle = title.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const body = {
    version: '1.0',
    type: 'rich',
    title,
    provider_name: ctx.publisher.name,
    provider_url: ctx.publisher.url,
    ...(ctx.publisher.logo ? { thumbnail_url: ctx.publisher.logo } : {}),
    width,
    height: EMBED_HEIGHT,
    cache_age: 300,
    html: `<iframe src="${urls.embed}" width="${width}" height="${EMBED_HEIGHT}" title="${iframeTitle}" style="border:0;max-width:100%" loading="lazy"></iframe>`,
  };
  c.header('cache-control', PUBLIC_PAGE);
  return c.body(embeddableJson(body), 200, { 'content-type': 'application/json; charset=utf-8' });
});
