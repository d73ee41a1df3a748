/**
 * What a partner reads: the verdict as JSON or as ClaimReview JSON-LD, every version at its own URL,
 * cache validators (strong ETag, Last-Modified, 304) and the 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { startTestStack } from '../support/test-stack.ts';
import { apiClient, claimAwaitingReview, publishedClaim } from './helpers.ts';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let partnerKey: string;
let claimId: string;

beforeAll(async () => {
  stack = await startTestStack({ env: { PUBLISHER_NAME: 'Example Fact Desk', PUBLISHER_URL: 'https://factdesk.example.org' } });
  api = apiClient(stack);
  partnerKey = stack.keys.partner.key;
  claimId = await publishedClaim(stack, { rating: 'mostly-false' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('reading a published verdict', () => {
  it('is JSON by default, with a strong ETag, Last-Modified and a private Cache-Control (it needs a key)', async () => {
    const res = await api(`/claims/${claimId}/verdict`, { key: partnerKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/); // strong: no W/ prefix
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    expect(res.headers.get('vary')).toMatch(/Accept/);
    const body = (await res.json()) as { version: number; rating: { id: string }; publishedAt: string; links: { self: string } };
    expect(body).toMatchObject({ version: 1, rating: { id: 'mostly-false' } });
    expect(body.links.self).toBe(`${stack.apiUrl}/claims/${claimId}/verdict/versions/1`);
    expect(Date.parse(res.headers.get('last-modified')!)).toBe(Math.floor(Date.parse(body.publishedAt) / 1000) * 1000);
  });

  it('is ClaimReview JSON-LD on Accept: application/ld+json', async () => {
    const res = await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { accept: 'application/ld+json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    // biome-ignore lint/suspicious/noExplicitAny: JSON-LD under test
    const review = (await res.json()) as Record<string, any>;
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `${stack.apiUrl}/fact-checks/${claimId}`, // the public page, not the keyed API route
      author: { '@type': 'Organization', name: 'Example Fact Desk', url: 'https://factdesk.example.org' },
      reviewRating: { '@type': 'Rating', alternateName: 'Mostly false', ratingValue: 2, bestRating: 5, worstRating: 1 },
      itemReviewed: { '@type': 'Claim', datePublished: '2024-10-03', firstAppearance: { url: 'https://example.org/earlier-report' } },
    });
    expect(review.claimReviewed).toMatch(/North Korean troops/);
  });

  it('is ClaimReview with ?format=claimreview, and JSON with ?format=json whatever Accept says', async () => {
    const ld = await api(`/claims/${claimId}/verdict?format=claimreview`, { key: partnerKey });
    expect(ld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const json = await api(`/claims/${claimId}/verdict?format=json`, { key: partnerKey, headers: { accept: 'application/ld+json' } });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const prefersJson = await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { accept: 'application/json, application/ld+json;q=0.5' } });
    expect(prefersJson.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses an unknown format with 422 naming the parameter', async () => {
    const res = await api(`/claims/${claimId}/verdict?format=xml`, { key: partnerKey });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors[0]?.field).toBe('query:/format');
  });
});

describe('conditional requests', () => {
  it('answer 304 with no body to If-None-Match carrying the current ETag', async () => {
    const first = await api(`/claims/${claimId}/verdict`, { key: partnerKey });
    const etag = first.headers.get('etag')!;
    const again = await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    expect(await again.text()).toBe('');
  });

  it('answer 200 to a stale ETag, and match among several or with a weak prefix', async () => {
    const etag = (await api(`/claims/${claimId}/verdict`, { key: partnerKey })).headers.get('etag')!;
    expect((await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
    expect((await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { 'if-none-match': `"stale", ${etag}` } })).status).toBe(304);
    expect((await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
  });

  it('give JSON and JSON-LD different ETags (one representation never validates the other)', async () => {
    const json = (await api(`/claims/${claimId}/verdict`, { key: partnerKey })).headers.get('etag')!;
    const ld = await api(`/claims/${claimId}/verdict?format=claimreview`, { key: partnerKey, headers: { 'if-none-match': json } });
    expect(ld.status).toBe(200);
    expect(ld.headers.get('etag')).not.toBe(json);
  });

  it('answer 304 to If-Modified-Since at or after Last-Modified', async () => {
    const lastModified = (await api(`/claims/${claimId}/verdict`, { key: partnerKey })).headers.get('last-modified')!;
    expect((await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await api(`/claims/${claimId}/verdict`, { key: partnerKey, headers: { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' } })).status).toBe(200);
  });
});

describe('versions', () => {
  it('serve each version at its own URL as immutable', async () => {
    const res = await api(`/claims/${claimId}/verdict/versions/1?format=claimreview`, { key: partnerKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(((await res.json()) as { url: string }).url).toBe(`${stack.apiUrl}/fact-checks/${claimId}/versions/1`);
  });

  it('404 for a version that does not exist', async () => {
    const res = await api(`/claims/${claimId}/verdict/versions/2`, { key: partnerKey });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('claims without a published verdict', () => {
  it('404 to partners while the claim awaits review', async () => {
    const pending = await claimAwaitingReview(stack);
    const res = await api(`/claims/${pending}/verdict`, { key: partnerKey });
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('404 for an unknown claim, and 422 for a malformed id', async () => {
    expect((await api('/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT/verdict', { key: partnerKey })).status).toBe(404);
    expect((await api('/claims/not-a-claim/verdict', { key: partnerKey })).status).toBe(422);
  });

  it('401 without an API key', async () => {
    expect((await api(`/claims/${claimId}/verdict`)).status).toBe(401);
  });
});

describe('subscribing where private targets are not allowed (the default)', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'https'],
    ['https://localhost/hook', 'public-address'],
    ['https://[::1]/hook', 'public-address'],
    ['https://169.254.169.254/latest/meta-data/', 'public-address'],
    ['https://10.0.0.8/hook', 'public-address'],
  ])('refuses %s with 422 naming the url and the rule, and stores nothing', async (url, rule) => {
    const res = await api('/partner/subscriptions', { method: 'POST', key: partnerKey, json: { url, events: ['verdict.published'] } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Array<{ field: string; rule: string }> }).errors[0]).toMatchObject({ field: 'url', rule });
    const listed = (await (await api('/partner/subscriptions', { key: partnerKey })).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
  });
});
