/**
 * The change feed: every publication and correction exactly once, in change order, across pages, while
 * publishes and corrections land concurrently, some of them committing well after the time they carry.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { proposeCorrection } from '../../shared/domain/services/corrections.ts';
import type { Services } from '../../shared/domain/services/context.ts';
import { decideReview } from '../../shared/domain/services/sign-off.ts';
import { partnerRuntime } from '../../functions/partners/context.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { DynamoFeedRepository } from '../../shared/adapters/dynamodb/feed-repository.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { apiClient, publishedClaim } from './helpers.ts';

/**
 * Generous for a test machine: the guarantee holds while clock read to commit stays under the window, and
 * a loaded 2-core machine running DynamoDB Local has been measured at 1.5 s for that (production default 5 s).
 */
const SETTLE_MS = 4000;
/** Writers that commit this long after reading the clock: the late-writer case the settle window covers. */
const LATE_COMMIT_MS = 250;

let stack: LocalStack;
let api: ReturnType<typeof apiClient>;

interface FeedPage {
  items: Array<{ event: string; changedAt: string; verdict: { claimId: string; version: number; correctionNote?: string } }>;
  next: string;
  settledUntil: string;
}

beforeAll(async () => {
  stack = await startTestStack({ env: { FEED_SETTLE_MS: String(SETTLE_MS) } });
  api = apiClient(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function page(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return api(`/verdicts/feed?${query}`, { key: stack.keys.partner.key, headers });
}

/** Services whose publishes commit LATE_COMMIT_MS after publishStep read the clock. */
const lags: Array<[string, number]> = [];
function lateCommitting(s: Services): Services {
  return {
    ...s,
    verdicts: {
      get: (id, v) => s.verdicts.get(id, v),
      getMany: (versions) => s.verdicts.getMany(versions),
      publish: async (...args) => {
        await new Promise((r) => setTimeout(r, LATE_COMMIT_MS));
        await s.verdicts.publish(...args);
        lags.push([`${args[0].claimId}#${args[0].version}`, Date.now() - Date.parse(args[0].publishedAt)]);
      },
    },
  };
}

async function correct(claimId: string, note: string): Promise<void> {
  const s = stack.runtime.services;
  const admin = (await stack.runtime.principals.get(stack.keys.admin.principalId))!;
  const review = await proposeCorrection(s, partnerRuntime(stack.runtime).corrections, admin, claimId, {
    rating: 'false',
    summary: 'New evidence contradicts it.',
    note,
  });
  await decideReview(s, stack.runtime.principals, {
    messageId: `msg_${randomUUID()}`,
    reviewId: review.id,
    reviewerId: stack.keys.reviewer.principalId,
    decision: 'approve',
    rating: 'false',
    summary: 'New evidence contradicts it.',
    credential: { kind: 'shared-secret' },
  });
}

describe('the change feed', () => {
  it('serves every change exactly once, in change order, across pages, while publishes and corrections land concurrently', async () => {
    const since = new Date().toISOString();
    const expected = new Set<string>();
    const seen: string[] = [];
    const changedAt: string[] = [];
    let writersDone = false;

    // A partner polls the feed with small pages the whole time, following the cursor.
    const reader = (async () => {
      let query = `since=${encodeURIComponent(since)}&limit=3`;
      for (;;) {
        const res = await page(query);
        expect(res.status).toBe(200);
        const body = (await res.json()) as FeedPage;
        for (const item of body.items) {
          seen.push(`${item.verdict.claimId}#${item.verdict.version}`);
          changedAt.push(item.changedAt);
          expect(item.event).toBe(item.verdict.version === 1 ? 'verdict.published' : 'verdict.corrected');
        }
        query = `cursor=${encodeURIComponent(body.next)}&limit=3`;
        if (writersDone && seen.length >= expected.size) return;
        if (body.items.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // Writers: waves of concurrent publishes, half of them committing late, and corrections among them.
    const late = lateCommitting(stack.runtime.services);
    const corrected: string[] = [];
    for (let wave = 0; wave < 4; wave++) {
      const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => publishedClaim(stack, i % 2 === 0 ? { services: late } : {})));
      for (const id of ids) expected.add(`${id}#1`);
      const toCorrect = ids.slice(0, 2);
      await Promise.all(toCorrect.map((id) => correct(id, `Correction in wave ${wave}`)));
      toCorrect.forEach((id) => {
        expected.add(`${id}#2`);
        corrected.push(id);
      });
    }
    writersDone = true;
    await Promise.race([
      reader,
      new Promise((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `feed reader saw ${seen.length} of ${expected.size}; missing ${[...expected].filter((e) => !seen.includes(e)).join(', ')}; lags ${JSON.stringify(lags)}`,
              ),
            ),
          30_000,
        ),
      ),
    ]);

    expect(new Set(seen).size).toBe(seen.length); // nothing repeated
    expect(new Set(seen)).toEqual(expected); // nothing skipped, nothing foreign
    expect([...changedAt].sort()).toEqual(changedAt); // change order
    for (const id of corrected) expect(seen.indexOf(`${id}#1`)).toBeLessThan(seen.indexOf(`${id}#2`));
  });

  it('resumes from a cursor with only what changed after it', async () => {
    const since = new Date().toISOString();
    const first = await publishedClaim(stack);
    const firstPage = await eventually(
      async () => {
        const body = (await (await page(`since=${encodeURIComponent(since)}`)).json()) as FeedPage;
        return body.items.length === 1 ? body : undefined;
      },
      10_000,
      'the first change to settle',
    );
    expect(firstPage.items[0]?.verdict.claimId).toBe(first);

    const second = await publishedClaim(stack);
    const next = await eventually(
      async () => {
        const body = (await (await page(`cursor=${encodeURIComponent(firstPage.next)}`)).json()) as FeedPage;
        return body.items.length > 0 ? body : undefined;
      },
      10_000,
      'the second change to settle',
    );
    expect(next.items.map((i) => i.verdict.claimId)).toEqual([second]);
  });

  it('brings a reader years behind (since=2020-01-01) to today in a few pages, and no page reports a settledUntil beyond what it read', async () => {
    const id = await publishedClaim(stack);
    const mine = await eventually(
      async () => {
        const body = (await (await page(`since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&limit=100`)).json()) as FeedPage;
        return body.items.find((i) => i.verdict.claimId === id);
      },
      15_000,
      'the change to settle',
    );

    // Walk from 2020 as a partner does, trusting settledUntil: a change before a page's settledUntil that
    // no page so far has served would be skipped for good.
    const seen = new Set<string>();
    let query = 'since=2020-01-01T00:00:00Z&limit=100';
    let pages = 0;
    while (!seen.has(id)) {
      pages++;
      expect(pages).toBeLessThanOrEqual(4);
      const body = (await (await page(query)).json()) as FeedPage;
      for (const item of body.items) seen.add(item.verdict.claimId);
      if (mine.changedAt < body.settledUntil) expect(seen.has(id)).toBe(true);
      query = `cursor=${encodeURIComponent(body.next)}&limit=100`;
    }
  });

  it('reads a page with at most two DynamoDB requests whatever the gap since the position', async () => {
    await publishedClaim(stack);
    let requests = 0;
    const doc = createDocumentClient();
    doc.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const feed = new DynamoFeedRepository({ doc, tableName: stack.runtime.env.TABLE_NAME }, new CursorCodec('feed-test-secret'));
    const until = new Date(Date.now() - SETTLE_MS).toISOString();
    let next: string | undefined;
    for (let p = 0; p < 3; p++) {
      requests = 0;
      const result = await feed.read(next === undefined ? { since: '2020-01-01T00:00:00Z' } : { cursor: next }, until, 1);
      expect(requests).toBeLessThanOrEqual(2);
      expect(result.settledUntil <= until).toBe(true);
      next = result.next;
    }
  });

  it('answers 304 to a poll whose page has not changed', async () => {
    const since = new Date(Date.now() + 3_600_000).toISOString(); // nothing can have changed after this yet
    const res = await page(`since=${encodeURIComponent(since)}`);
    const etag = res.headers.get('etag')!;
    expect(res.status).toBe(200);
    expect((await page(`since=${encodeURIComponent(since)}`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('refuses a forged cursor, and needs exactly one of since and cursor (422 naming the field)', async () => {
    const forged = await page('cursor=eyJkIjoiMjAyNC0wMS0wMSIsImsiOiIifQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(422);
    expect(((await forged.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('cursor');

    const neither = await page('limit=5');
    expect(neither.status).toBe(422);
    const both = await page(`since=2024-01-01T00:00:00Z&cursor=abc`);
    expect(both.status).toBe(422);
    expect((await page('since=yesterday')).status).toBe(422);
    expect((await page('since=2024-01-01T00:00:00Z&limit=1000')).status).toBe(422);
  });
});
