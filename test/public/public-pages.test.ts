/**
 * The public face of a verdict: its page (no key), the index, the embeddable card and oEmbed, their cache
 * validators; and the API's own answers: escaped for embedding, private when keyed, reviewers by name.
 */
// The API's schemas extend zod with .openapi(); load that before the contracts module creates its schemas.
import '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { trailEvent } from '../../shared/domain/services/context.ts';
import { apiClient, claimAwaitingReview, publishedClaim, submission } from '../partners/helpers.ts';
import { newClaim } from '../../shared/domain/claim.ts';
import { publishStep } from '../../shared/domain/services/workflow-steps.ts';
import { startTestStack } from '../support/test-stack.ts';

const HOSTILE = 'The minister said </script><script>alert(1)</script> & more\u2028next\u2029end <b>bold</b>';

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;
let claimId: string;
let hostileId: string;

/** The JSON-LD block of a page, as the browser's HTML parser would cut it out. */
function jsonLdOf(page: string): string {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page);
  if (!m?.[1]) throw new Error('no JSON-LD block');
  return m[1];
}

beforeAll(async () => {
  stack = await startTestStack({
    env: { PUBLISHER_NAME: 'Example Fact Desk', PUBLISHER_URL: 'https://factdesk.example.org', PUBLISHER_LOGO_URL: 'https://factdesk.example.org/logo.png' },
  });
  api = apiClient(stack);
  claimId = await publishedClaim(stack, { rating: 'mostly-false' });
  const s = stack.runtime.services;
  const claim = {
    ...newClaim(s.ids.next(), submission({ statement: HOSTILE }), stack.keys['fact-checker'].principalId, s.clock.now()),
    status: 'awaiting_review' as const,
  };
  await s.claims.create(claim, trailEvent(s, claim.id, 'claim.submitted', claim.submittedBy));
  await publishStep(s, claim.id, {
    decision: 'approve',
    rating: 'false',
    summary: 'Summary with </script> and \u2028 in it.',
    reviewers: [stack.keys.reviewer.principalId],
  });
  hostileId = claim.id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('a public fact-check page', () => {
  it('is readable without a key: the claim, who said it and where, the rating, evidence, reviewers by name', async () => {
    const res = await fetch(`${stack.apiUrl}/fact-checks/${claimId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const landmark of ['<header role="banner">', '<main id="content" role="main">', '<footer role="contentinfo">']) expect(page).toContain(landmark);
    expect(page.match(/<h1\b/g)).toHaveLength(1);
    expect(page).toContain('Mostly false');
    expect(page).toContain('2 on a scale from 1 (worst) to 5 (best)');
    expect(page).toContain('Ukrainian military intelligence (HUR) (intelligence agency)');
    expect(page).toContain('href="https://example-tabloid.co.uk/news/troops-');
    expect(page).toContain('Reviewed by</dt><dd>Local reviewer</dd>');
    expect(page).not.toContain(stack.keys.reviewer.principalId);
    expect(page).toContain('Example Fact Desk');
    expect(page).toContain('<img src="https://factdesk.example.org/logo.png"');
    expect(page).not.toMatch(/<script(?! type="application\/ld\+json")/); // no client JavaScript
  });

  it('embeds ClaimReview JSON-LD whose url is the page itself', async () => {
    const page = await (await fetch(`${stack.apiUrl}/fact-checks/${claimId}`)).text();
    const review = JSON.parse(jsonLdOf(page)) as {
      '@type': string;
      url: string;
      author: { name: string; logo?: string };
      reviewRating: { alternateName: string };
    };
    expect(review).toMatchObject({
      '@type': 'ClaimReview',
      url: `${stack.apiUrl}/fact-checks/${claimId}`,
      author: { name: 'Example Fact Desk', logo: 'https://factdesk.example.org/logo.png' },
      reviewRating: { alternateName: 'Mostly false' },
    });
  });

  it('escapes a hostile statement: HTML-escaped in the text, \\u escapes in the JSON-LD', async () => {
    const page = await (await fetch(`${stack.apiUrl}/fact-checks/${hostileId}`)).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    const block = jsonLdOf(page);
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(block).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 more\\u2028next\\u2029end');
    expect((JSON.parse(block) as { claimReviewed: string }).claimReviewed).toBe(HOSTILE);
  });

  it('is cacheable by a CDN: strong ETag, 304, public with max-age and stale-while-revalidate', async () => {
    const res = await fetch(`${stack.apiUrl}/fact-checks/${claimId}`);
    const tag = res.headers.get('etag')!;
    expect(tag).toMatch(/^"[^"]+"$/);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const again = await fetch(`${stack.apiUrl}/fact-checks/${claimId}`, { headers: { 'if-none-match': tag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('cache-control')).toBe(res.headers.get('cache-control'));
    expect((await fetch(`${stack.apiUrl}/fact-checks/${claimId}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('is 404 for a claim that is not published, an unknown claim, a bad id or a version that does not exist', async () => {
    const waiting = await claimAwaitingReview(stack);
    for (const path of [
      `/fact-checks/${waiting}`,
      '/fact-checks/01JD3Y5R6Q4M8X2V7N9B1C0KZT',
      '/fact-checks/not-an-id',
      `/fact-checks/${claimId}/versions/2`,
      `/fact-checks/${waiting}/embed`,
    ]) {
      const res = await fetch(`${stack.apiUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('is 404 once the claim is no longer published (withdrawn or retracted)', async () => {
    const id = await publishedClaim(stack);
    expect((await fetch(`${stack.apiUrl}/fact-checks/${id}`)).status).toBe(200);
    // No API withdraws a published claim today; the page follows the claim's status whatever changes it.
    const { TableName, doc } = {
      TableName: stack.runtime.env.TABLE_NAME,
      doc: (await import('../../shared/adapters/dynamodb/table.ts')).createDocumentClient(),
    };
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await doc.send(
      new UpdateCommand({
        TableName,
        Key: { pk: `CLAIM#${id}`, sk: '#CLAIM' },
        UpdateExpression: 'SET #s = :w',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':w': 'withdrawn' },
      }),
    );
    expect((await fetch(`${stack.apiUrl}/fact-checks/${id}`)).status).toBe(404);
  });
});

describe('corrections on the public page', () => {
  it('lists every correction with its note, links the earlier version, and each version has its own page', async () => {
    const id = await publishedClaim(stack, { rating: 'unproven' });
    const s = stack.runtime.services;
    const v1 = (await s.verdicts.get(id))!;
    const { claim: _c, ...rest } = v1;
    const claim = (await s.claims.get(id))!;
    const v2 = {
      ...v1,
      ...rest,
      version: 2,
      rating: { id: 'false', label: 'False', category: 'false' as const, value: 1 },
      summary: 'New evidence.',
      correctionNote: 'A second source denies the figure.',
      publishedAt: new Date(Date.parse(v1.publishedAt) + 1000).toISOString(),
    };
    // Stored as the corrections service stores an approved correction: a new version, the claim published.
    await s.verdicts.publish(v2, { ...claim, status: 'awaiting_review' }, trailEvent(s, id, 'verdict.corrected', 'test'), []);
    const latest = await (await fetch(`${stack.apiUrl}/fact-checks/${id}`)).text();
    expect(latest).toContain('A second source denies the figure.');
    expect(latest).toContain(`href="${stack.apiUrl}/fact-checks/${id}/versions/1"`);
    const first = await fetch(`${stack.apiUrl}/fact-checks/${id}/versions/1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toContain('immutable');
    const firstPage = await first.text();
    expect(firstPage).toContain('This is version 1 of this fact-check, since corrected.');
    expect((JSON.parse(jsonLdOf(firstPage)) as { url: string }).url).toBe(`${stack.apiUrl}/fact-checks/${id}/versions/1`);
  });
});

describe('the index of fact-checks', () => {
  it('lists the latest fact-checks newest first, paginated with a next link', async () => {
    for (let i = 0; i < 21; i++) await publishedClaim(stack);
    const res = await fetch(`${stack.apiUrl}/fact-checks`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, /);
    const page = await res.text();
    expect(page.match(/<li><article>/g)).toHaveLength(20);
    const next = /<a rel="next" href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBeDefined();
    const second = await (await fetch(next!)).text();
    expect(second.match(/<li><article>/g)!.length).toBeGreaterThan(0);
    expect(second).toContain(`href="${stack.apiUrl}/fact-checks">Newest</a>`);
    expect((await fetch(`${stack.apiUrl}/fact-checks?cursor=forged`)).status).toBe(404);
  });
});

describe('embedding', () => {
  it('oEmbed answers a rich iframe of the card for a fact-check page, escaped for embedding', async () => {
    const pageUrl = `${stack.apiUrl}/fact-checks/${hostileId}`;
    const res = await fetch(`${stack.apiUrl}/oembed?url=${encodeURIComponent(pageUrl)}&maxwidth=400`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, /);
    const text = await res.text();
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    const body = JSON.parse(text) as { version: string; type: string; html: string; width: number; provider_name: string; title: string };
    expect(body).toMatchObject({ version: '1.0', type: 'rich', width: 400, provider_name: 'Example Fact Desk', title: `Fact-check: ${HOSTILE}` });
    expect(body.html).toMatch(new RegExp(`^<iframe src="${stack.apiUrl}/fact-checks/${hostileId}/embed" width="400"`));
    expect(body.html).not.toContain('<script');
    expect((await fetch(`${stack.apiUrl}/oembed?url=${encodeURIComponent('https://elsewhere.example/x')}`)).status).toBe(404);
    expect((await fetch(`${stack.apiUrl}/oembed?url=${encodeURIComponent(pageUrl)}&format=xml`)).status).toBe(501);
  });

  it('serves the card to be framed anywhere, with no script', async () => {
    const res = await fetch(`${stack.apiUrl}/fact-checks/${hostileId}/embed`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    const card = await res.text();
    expect(card).not.toContain('<script');
    expect(card).toContain('&lt;/script&gt;');
  });
});

describe("the API's own answers", () => {
  it('escape <, >, &, U+2028 and U+2029 in verdict JSON and ClaimReview JSON-LD, with the page as ClaimReview url', async () => {
    for (const format of ['json', 'claimreview']) {
      const res = await api(`/claims/${hostileId}/verdict?format=${format}`, { key: stack.keys.partner.key });
      const text = await res.text();
      expect(text, format).not.toMatch(/[<>&\u2028\u2029]/);
      expect(text, format).toContain('\\u003c/script\\u003e');
      if (format === 'claimreview') expect((JSON.parse(text) as { url: string }).url).toBe(`${stack.apiUrl}/fact-checks/${hostileId}`);
    }
  });

  it('escape the same characters in every other JSON answer (claims, problems)', async () => {
    const claim = await api(`/claims/${hostileId}`, { key: stack.keys['fact-checker'].key });
    expect(await claim.text()).not.toMatch(/[<>&\u2028\u2029]/);
    const problem = await api('/claims/%3Cscript%3E', { key: stack.keys['fact-checker'].key });
    expect(problem.headers.get('content-type')).toBe('application/problem+json');
    expect(await problem.text()).not.toMatch(/[<>&]/);
  });

  it('are private when keyed, no-store on admin routes', async () => {
    const verdict = await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key });
    expect(verdict.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    const version = await api(`/claims/${claimId}/verdict/versions/1`, { key: stack.keys.partner.key });
    expect(version.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const claims = await api(`/claims/${claimId}`, { key: stack.keys['fact-checker'].key });
    expect(claims.headers.get('cache-control')).toMatch(/^private/);
    const admin = await api('/admin/principals', { key: stack.keys.admin.key });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('cache-control')).toBe('no-store');
    const feed = await api(`/verdicts/feed?since=${encodeURIComponent('2020-01-01T00:00:00Z')}`, { key: stack.keys.partner.key });
    expect(feed.headers.get('cache-control')).toMatch(/^private/);
  });

  it('name reviewers by their public display name, never their principal id', async () => {
    const res = await api(`/claims/${claimId}/verdict`, { key: stack.keys.partner.key });
    const body = (await res.json()) as { reviewers: string[]; links: { page: string } };
    expect(body.reviewers).toEqual(['Local reviewer']);
    expect(body.links.page).toBe(`${stack.apiUrl}/fact-checks/${claimId}`);
  });
});
