/**
 * In a real browser (Debian's headless Chromium, driven by playwright-core) with every request to another
 * origin refused: /docs renders the API's operations from this origin alone, and a public fact-check page
 * carries parseable ClaimReview JSON-LD while a hostile statement stays inert text.
 * `.ci/run` installs chromium when it is absent.
 */
// The API's schemas extend zod with .openapi(); load that before the contracts module creates its schemas.
import '@hono/zod-openapi';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { newClaim } from '../../shared/domain/claim.ts';
import { trailEvent } from '../../shared/domain/services/context.ts';
import { publishStep } from '../../shared/domain/services/workflow-steps.ts';
import { submission } from '../partners/helpers.ts';
import { startTestStack } from '../support/test-stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = 'Officials said </script><script>alert(1)</script><img src=x onerror=alert(2)> it\u2028was\u2029so';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let origin: string;
let hostileId: string;
/** Requests the pages tried to make to any other origin (all refused). */
const elsewhere: string[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ env: { PUBLISHER_NAME: 'Example Fact Desk' } });
  origin = new URL(stack.apiUrl).origin;
  const s = stack.runtime.services;
  const claim = {
    ...newClaim(s.ids.next(), submission({ statement: HOSTILE }), stack.keys['fact-checker'].principalId, s.clock.now()),
    status: 'awaiting_review' as const,
  };
  await s.claims.create(claim, trailEvent(s, claim.id, 'claim.submitted', claim.submittedBy));
  await publishStep(s, claim.id, {
    decision: 'approve',
    rating: 'false',
    summary: 'No such statement </script> was made.',
    reviewers: [stack.keys.reviewer.principalId],
  });
  hostileId = claim.id;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ serviceWorkers: 'block' });
  // The network, as far as these pages know, is this origin and nothing else.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    elsewhere.push(url);
    return route.abort('internetdisconnected');
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('/docs in a browser with no network beyond the app', () => {
  it('renders the operations from assets served by the app itself', async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const res = await page.goto(`${origin}/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
    await page.waitForSelector('.opblock', { timeout: 60_000 });
    const paths = await page.$$eval('.opblock-summary-path', (els) => els.map((e) => e.getAttribute('data-path') ?? e.textContent ?? ''));
    expect(paths).toEqual(expect.arrayContaining(['/claims', '/claims/{id}/verdict', '/webhooks/review-decisions']));
    expect(await page.locator('.info .title').textContent()).toContain('factflow');
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('a public fact-check page in a browser', () => {
  it('has ClaimReview JSON-LD that parses, and a hostile statement that does not execute', async () => {
    const page = await context.newPage();
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const res = await page.goto(`${origin}/fact-checks/${hostileId}`);
    expect(res?.status()).toBe(200);
    await page.waitForLoadState('load');
    // One script element, the JSON-LD; the statement did not open another.
    const scripts = await page.$$eval('script', (els) => els.map((e) => ({ type: e.getAttribute('type'), text: e.textContent ?? '' })));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.type).toBe('application/ld+json');
    const review = JSON.parse(scripts[0]!.text) as { '@type': string; claimReviewed: string; url: string };
    expect(review['@type']).toBe('ClaimReview');
    expect(review.claimReviewed).toBe(HOSTILE);
    expect(review.url).toBe(`${stack.apiUrl}/fact-checks/${hostileId}`);
    // The statement is shown as text, and nothing ran.
    expect(await page.locator('h1').textContent()).toContain('</script><script>alert(1)</script>');
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('header').count()).toBe(1);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('footer').count()).toBe(1);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});
