/**
 * The partner change feed: every verdict version (first publication or correction) in change order.
 *
 * Key design. Each verdict version item carries
 *   gsi1pk = FEED#<yyyy-mm-dd>   (the UTC day of its change time, `publishedAt`)
 *   gsi1sk = <publishedAt>#<claimId>#<version, 6 digits>
 * so one day's changes are one gsi1 partition, sorted by change time with a unique tie-break. Writes move
 * to a fresh partition every day instead of piling onto one partition forever, and one day of fact-checks
 * (thousands of versions at most) stays far below a partition's throughput. Claims use gsi1 with
 * `STATUS#...` and principals with `PRINCIPALS`, so the `FEED#` prefix cannot collide. A reader walks the
 * buckets day after day, skipping the days without changes (below); the cursor is (day, last sort key
 * served), sealed so partners can neither forge nor parse it.
 *
 * The late-writer problem. `publishedAt` is read from the clock before the publishing transaction commits,
 * and the GSI is updated asynchronously after that. A reader that had already passed time T could miss a
 * version stamped just before T that becomes visible just after it. So the feed only serves versions older
 * than a settle window (`FEED_SETTLE_SECONDS`, default 5 s): as long as clock read → commit → index
 * propagation (plus clock skew between writers) takes less than the window, every version is visible
 * before any reader can pass its position, and no version is skipped or repeated across pages. The price
 * is that the feed lags real time by the window; the push notifications do not.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors.ts';
import type { FeedPage, FeedRepository } from '../../domain/ports.ts';
import type { Verdict } from '../../domain/verdict.ts';
import type { CursorCodec } from '../cursor.ts';
import { scanPages, withoutKeys, type TableContext } from './table.ts';

/** Index keys a verdict version item carries to appear in the feed. */
export function feedIndexKeys(verdict: Pick<Verdict, 'claimId' | 'version' | 'publishedAt'>): { gsi1pk: string; gsi1sk: string } {
  return {
    gsi1pk: `FEED#${verdict.publishedAt.slice(0, 10)}`,
    gsi1sk: `${verdict.publishedAt}#${verdict.claimId}#${String(verdict.version).padStart(6, '0')}`,
  };
}

/**
 * Skipping quiet days. Beside the day buckets, the table keeps one small item per day that holds changes
 * (pk `FEEDDAYS`, sk `<yyyy-mm-dd>`: one item a day, a few KB a year), written by the publisher before the
 * version itself (feedDayMarker). A page is then at most two Queries whatever the gap since the reader's
 * position: one on `FEEDDAYS` for the first day at or after the position that holds changes (and the one
 * after it), one on that day's bucket. A page reads one bucket at most; when that bucket is read to its
 * end, the cursor moves straight to the next day that holds changes. Because the marker commits before the
 * version, any version visible in a bucket has its day visible in the index (strongly consistent reads).
 *
 * `settledUntil` is what the page proves: every change before that instant that follows the previous
 * position is in this page. It is the settle horizon only when the page read up to it; a page cut by its
 * limit reports the change time of its last item, and a page that ends a bucket early reports the start
 * of the next day that holds changes.
 */
export const FEED_DAYS_PARTITION = 'FEEDDAYS';

/** The item that says a day holds feed changes (see above). */
export function feedDayMarker(publishedAt: string): { pk: string; sk: string; entity: string } {
  return { pk: FEED_DAYS_PARTITION, sk: publishedAt.slice(0, 10), entity: 'feed-day' };
}

/**
 * The day index for a table whose verdicts were published before the index existed (an upgrade): without
 * it the feed would skip those days. Reads the feed's own gsi1 partitions (keys only) and writes one
 * marker per day found; markers are idempotent Puts, so a rerun, or a run racing live publishes, is safe.
 * A Scan is deliberate here: it runs once per deployment, by an operator (`npm run backfill:feed-days`),
 * never on a request path, and a feed of 50,000 versions is a few hundred KB of keys.
 */
export async function backfillFeedDays(table: TableContext): Promise<{ versions: number; days: string[] }> {
  const days = new Set<string>();
  let versions = 0;
  const pages = scanPages(table, {
    IndexName: 'gsi1',
    ProjectionExpression: 'gsi1pk',
    FilterExpression: 'begins_with(gsi1pk, :feed)',
    ExpressionAttributeValues: { ':feed': 'FEED#' },
  });
  for await (const items of pages) {
    for (const item of items) {
      versions += 1;
      days.add(String(item.gsi1pk).slice('FEED#'.length));
    }
  }
  const sorted = [...days].sort();
  for (const day of sorted) await table.doc.send(new PutCommand({ TableName: table.tableName, Item: feedDayMarker(startOfDay(day)) }));
  return { versions, days: sorted };
}

interface Position {
  /** Day bucket, yyyy-mm-dd. */
  d: string;
  /** Last sort key served in that bucket ('' = none yet). */
  k: string;
}

const startOfDay = (day: string) => `${day}T00:00:00.000Z`;

export class DynamoFeedRepository implements FeedRepository {
  constructor(
    private readonly table: TableContext,
    private readonly cursors: CursorCodec,
  ) {}

  async read(from: { cursor: string } | { since: string }, until: string, limit: number): Promise<FeedPage> {
    const pos = 'cursor' in from ? this.decode(from.cursor) : sincePosition(from.since);
    const lastDay = until.slice(0, 10);
    const page = (items: Verdict[], next: Position, settledUntil: string): FeedPage => ({
      items,
      next: this.cursors.encode({ d: next.d, k: next.k }) ?? '',
      settledUntil,
    });
    if (pos.d > lastDay) return page([], pos, until);

    // 1. The first day at or after the position that holds changes, and the one after it.
    const days = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': FEED_DAYS_PARTITION, ':from': pos.d, ':to': lastDay },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        Limit: 2,
      }),
    );
    const [day, following] = (days.Items ?? []).map((i) => String(i.sk));
    // Nothing changed from the position's day to the horizon's: everything before the horizon is read.
    if (day === undefined) return page([], pos.d < lastDay ? { d: lastDay, k: '' } : pos, until);

    // 2. That day's bucket, from the position (or its start).
    let after = day === pos.d ? pos.k : '';
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        // DynamoDB refuses an empty key value: a bucket read from its start has no lower bound.
        KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
        ExpressionAttributeValues: after ? { ':pk': `FEED#${day}`, ':after': after } : { ':pk': `FEED#${day}` },
        Limit: limit,
      }),
    );
    const items: Verdict[] = [];
    for (const item of out.Items ?? []) {
      const sk = String(item.gsi1sk);
      // Not yet settled: stop before it; the next page starts here again. Everything before the horizon is read.
      if (sk >= until) return page(items, { d: day, k: after }, until);
      items.push(withoutKeys<Verdict>(item));
      after = sk;
    }
    // Cut by the limit: proven only up to the last change served (later ones may share its instant).
    if (out.LastEvaluatedKey || items.length >= limit) return page(items, { d: day, k: after }, items.at(-1)?.publishedAt ?? until);
    // The bucket is read to its end. Leave it only when its day has passed: then nothing can still settle into it.
    if (day >= lastDay) return page(items, { d: day, k: after }, until);
    if (following !== undefined) return page(items, { d: following, k: '' }, startOfDay(following));
    return page(items, { d: lastDay, k: '' }, until);
  }

  private decode(cursor: string): Position {
    const raw = this.cursors.decode(cursor);
    if (!raw || typeof raw.d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw.d) || typeof raw.k !== 'string') {
      throw new DomainError('invalid', 'cursor is not one this feed issued', { field: 'cursor', rule: 'opaque cursor from a previous page' });
    }
    return { d: raw.d, k: raw.k };
  }
}

/** Versions changed at or after `since`: sort keys start with the timestamp, and '#' sorts after ''. */
function sincePosition(since: string): Position {
  const iso = new Date(since).toISOString();
  return { d: iso.slice(0, 10), k: iso };
}
