/**
 * Every link the API emits leads somewhere (#10 item 16): a claim goes through the real local stack
 * (submission, triage, evidence, a signed review, publication, a correction signed off by another reviewer),
 * then everything a user can see is gathered — Location and Link headers, links in JSON bodies (claims,
 * pages' `next`, verdicts, ClaimReview `url`, evidence pointing at our own routes, the feed's `next`, the
 * documents' poll link, subscriptions and deliveries, review requests), and href/src in the public HTML
 * pages and the oEmbed iframe — and each link on our own origin is followed, with the key of the answer it
 * came from, breadth first. None may answer 404 (or 5xx). A link that names a POST-only route (a webhook
 * target, a resend action) is checked against the document and then posted to: it must not be a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { OpenApiContract } from '../support/openapi-validator.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
let contract: OpenApiContract;
const reviewer = new ScriptedReviewer();

interface Link {
  url: string;
  /** Where it was found, for the failure message. */
  from: string;
  /** The key of the answer it was found in (undefined: a public answer). */
  key: string | undefined;
}

const links: Link[] = [];

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({
    reviewerWebhookUrl: reviewer.url,
    env: { FEED_SETTLE_MS: '0', DOCUMENT_SYNC_MAX_CHARS: '300', ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true' },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
  contract = await OpenApiContract.load(await (await fetch(`${stack.apiUrl}/openapi.json`)).json());
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

/** Every absolute URL on our origin inside a JSON value (any depth, any field name). */
function inJson(value: unknown, from: string, key: string | undefined): void {
  if (typeof value === 'string') {
    if (value.startsWith(stack.apiUrl)) links.push({ url: value, from, key });
    // An oEmbed answer carries its iframe as HTML.
    else if (value.includes('<iframe')) inHtml(value, from, key);
  } else if (Array.isArray(value)) for (const v of value) inJson(v, from, key);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) inJson(v, from, key);
}

function inHtml(html: string, from: string, key: string | undefined): void {
  for (const m of html.matchAll(/\b(?:href|src)="([^"]+)"/g)) {
    const raw = m[1]!.replaceAll('&amp;', '&');
    const url = raw.startsWith('/') ? `${stack.apiUrl}${raw}` : raw;
    if (url.startsWith(stack.apiUrl)) links.push({ url, from, key });
  }
  // The JSON-LD a page embeds (ClaimReview `url` among it).
  for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) inJson(JSON.parse(m[1]!), `${from} (JSON-LD)`, key);
}

function inHeaders(headers: Headers, from: string, key: string | undefined): void {
  const location = headers.get('location');
  if (location) links.push({ url: new URL(location, stack.apiUrl).href, from: `${from} Location`, key });
  for (const m of (headers.get('link') ?? '').matchAll(/<([^>]+)>/g)) links.push({ url: new URL(m[1]!, stack.apiUrl).href, from: `${from} Link`, key });
}

/** Reads an answer the way a client would and records every link in it. */
async function gather(res: Response, from: string, key: string | undefined): Promise<void> {
  inHeaders(res.headers, from, key);
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  if (/json/.test(type) && text) inJson(JSON.parse(text), from, key);
  else if (/html/.test(type)) inHtml(text, from, key);
}

async function get(path: string, key: string | undefined): Promise<void> {
  const res = await fetch(`${stack.apiUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  expect(res.status, `GET ${path}`).toBeLessThan(400);
  await gather(res, `GET ${path}`, key);
}

describe('every link the API emits', () => {
  it('leads to an answer, never a 404, across a claim published, corrected and re-checked', async () => {
    const fc = stack.keys['fact-checker'].key;
    const partner = stack.keys.partner.key;
    const admin = stack.keys.admin.key;

    // A claim through the real workflow: submitted, reviewed by signed webhook, published.
    const submitted = await probe.as(fc).POST('/claims', {
      body: {
        statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine, Ukrainian intelligence said.',
        claimant: { name: 'Ukrainian military intelligence (HUR)', type: 'organization' },
        appearances: [{ url: 'https://example.org/troops', date: '2024-10-04' }],
        tags: ['links'],
      },
    });
    const id = submitted.data!.id;
    inHeaders(submitted.response.headers, 'POST /claims', fc);
    inJson(submitted.data, 'POST /claims', fc);
    const request = await reviewer.request(id);
    inJson(request.data, 'review.requested webhook', stack.keys.reviewer.key);
    expect((await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'unproven', summary: 'Only one agency says so.' })).status).toBe(200);
    await probe.untilStatus(id, 'published');

    // A correction, proposed by the admin and signed off by the reviewer: version 2, version 1 linked.
    const proposed = await probe.as(admin).POST('/claims/{id}/corrections', {
      params: { path: { id } },
      body: { rating: 'false', summary: 'Two independent sources contradict the number.', note: 'Corrected: new evidence on troop numbers.' },
    });
    expect(proposed.response.status).toBe(202);
    inJson(proposed.data, 'POST /claims/{id}/corrections', admin);
    const correction = await reviewer.request(id, 'review.requested', 2);
    inJson(correction.data, 'correction review.requested webhook', stack.keys.reviewer.key);
    expect((await probe.decide(correction.data.reviewId, { decision: 'approve' })).status).toBe(200);
    await eventually(async () => ((await probe.as(partner).GET('/claims/{id}/verdict', { params: { path: { id } } })).data?.version === 2 ? true : undefined));

    // A later claim on the same subject: the archive provider cites our verdict as evidence.
    const later = await probe.submit({ statement: 'A Russian military source said the number of North Korean troops is nowhere near 3,000.' });
    const laterClaim = await eventually(async () => {
      const c = await probe.claim(later);
      return c.status === 'awaiting_review' || c.status === 'duplicate' ? c : undefined;
    }, 30_000);
    inJson(laterClaim, 'GET /claims/{later}', admin);

    // A long document answers 202 with a poll link.
    const text = `${'The council met on Monday to discuss the budget. '.repeat(10)}The city spent 4.2 million euros on new bicycle lanes in 2023, the mayor said.`;
    const document = await probe.as(fc).POST('/documents', { body: { text, title: 'Council report' } });
    expect(document.response.status).toBe(202);
    inHeaders(document.response.headers, 'POST /documents', fc);
    inJson(document.data, 'POST /documents', fc);
    const documentId = (document.data as { id: string }).id;
    await eventually(async () => {
      const { data } = await probe.as(fc).GET('/documents/{id}', { params: { path: { id: documentId } } });
      return data && data.status !== 'processing' ? data : undefined;
    }, 30_000);

    // A partner's subscription and the delivery its publication queued.
    const subscription = await probe.as(partner).POST('/partner/subscriptions', {
      body: { url: `${reviewer.url.replace('/reviews', '')}/hooks`, events: ['verdict.published', 'verdict.corrected'] },
    });
    inJson(subscription.data, 'POST /partner/subscriptions', partner);
    const integration = await probe.as(admin).POST('/admin/reviewer-integrations', {
      body: { id: 'links-desk', name: 'Links desk', reviewers: [stack.keys.reviewer.principalId] },
    });
    inJson(integration.data, 'POST /admin/reviewer-integrations', admin);

    // What each user reads.
    for (const path of [`/claims/${id}`, `/claims/${id}/history?limit=2`, '/claims?limit=1', '/claims?tag=links&limit=1']) await get(path, fc);
    for (const path of [
      `/claims/${id}/verdict`,
      `/claims/${id}/verdict?format=claimreview`,
      `/claims/${id}/verdict/versions/1`,
      '/verdicts/feed?since=2000-01-01T00:00:00Z&limit=1',
      `/verdicts/search?q=${encodeURIComponent('North Korean troops joining the Russian army')}`,
      '/partner/subscriptions',
      '/partner/deliveries',
    ])
      await get(path, partner);
    for (const path of ['/admin/principals', '/admin/reviewer-integrations']) await get(path, admin);
    for (const path of ['/fact-checks', `/fact-checks/${id}`, `/oembed?url=${encodeURIComponent(`${stack.apiUrl}/fact-checks/${id}`)}`, '/docs'])
      await get(path, undefined);

    // Follow everything, breadth first, each link once (the same URL with another key counts apart).
    const seen = new Set<string>();
    const broken: string[] = [];
    const kinds = new Set<string>();
    for (let i = 0; i < links.length && seen.size < 400; i++) {
      const link = links[i]!;
      const url = link.url.split('#')[0]!;
      if (seen.has(`${link.key}|${url}`)) continue;
      seen.add(`${link.key}|${url}`);
      const pathname = new URL(url).pathname;
      const headers: Record<string, string> = link.key ? { authorization: `Bearer ${link.key}` } : {};
      let res = await fetch(url, { headers });
      if (res.status === 404 && !contract.find('get', pathname) && contract.find('post', pathname)) {
        // A POST target (a webhook URL, a resend or enable action): a documented route, posted to with `{}`.
        res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
        kinds.add('post target');
      }
      if (res.status === 404 || res.status >= 500) broken.push(`${res.status} ${url}\n    found in ${link.from}`);
      else if (res.status < 300) await gather(res, `GET ${pathname}`, link.key);
      else await res.body?.cancel();
      if (/\/claims\/[^/]+\/verdict\/versions\/\d+$/.test(pathname)) kinds.add('verdict version');
      if (/\/fact-checks\/[^/]+$/.test(pathname)) kinds.add('public page');
      if (/\/fact-checks\/[^/]+\/versions\/\d+$/.test(pathname)) kinds.add('public page version');
      if (/\/fact-checks\/[^/]+\/embed$/.test(pathname)) kinds.add('embed card');
      if (pathname === '/verdicts/feed' && url.includes('cursor=')) kinds.add('feed next');
      if (pathname === '/claims' && url.includes('cursor=')) kinds.add('claims next');
      if (/^\/documents\/[^/]+$/.test(pathname)) kinds.add('document poll');
      if (link.from.includes('Location')) kinds.add('Location');
      if (link.from.includes('JSON-LD')) kinds.add('ClaimReview url');
      if (link.from.includes('GET /claims/{later}')) kinds.add('evidence or duplicate link');
    }
    expect(broken, `links that lead nowhere:\n${broken.join('\n')}`).toEqual([]);
    // Not vacuous: each kind of link the issue names was among those followed.
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'ClaimReview url',
        'Location',
        'claims next',
        'document poll',
        'embed card',
        'evidence or duplicate link',
        'feed next',
        'post target',
        'public page',
        'public page version',
        'verdict version',
      ]),
    );
    expect(seen.size).toBeGreaterThan(40);
  });
});
