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
 * buckets day after day; the cursor is (day, last sort key served), sealed so partners can neither
 * forge nor parse it.
 *
 * The late-writer problem. `publishedAt` is read from the clock before the publishing transaction commits,
 * and the GSI is updated asynchronously after that. A reader that had already passed time T could miss a
 * version stamped just before T that becomes visible just after it. So the feed only serves versions older
 * than a settle window (`FEED_SETTLE_SECONDS`, default 5 s): as long as clock read → commit → index
 * propagation (plus clock skew between writers) takes less than the window, every version is visible
 * before any reader can pass its position, and no version is skipped or repeated across pages. The price
 * is that the feed lags real time by the window; the push notifications do not.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors.ts';
import type { FeedRepository } from '../../domain/ports.ts';
import type { Verdict } from '../../domain/verdict.ts';
import type { CursorCodec } from '../cursor.ts';
import { withoutKeys, type TableContext } from './table.ts';

/** Index keys a verdict version item carries to appear in the feed. */
export function feedIndexKeys(verdict: Pick<Verdict, 'claimId' | 'version' | 'publishedAt'>): { gsi1pk: string; gsi1sk: string } {
  return {
    gsi1pk: `FEED#${verdict.publishedAt.slice(0, 10)}`,
    gsi1sk: `${verdict.publishedAt}#${verdict.claimId}#${String(verdict.version).padStart(6, '0')}`,
  };
}

/** Empty days walked in one request at most; the cursor then points at the next day to read. */
const MAX_BUCKETS_PER_READ = 31;

interface Position {
  /** Day bucket, yyyy-mm-dd. */
  d: string;
  /** Last sort key served in that bucket ('' = none yet). */
  k: string;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export class DynamoFeedRepository implements FeedRepository {
  constructor(
    private readonly table: TableContext,
    private readonly cursors: CursorCodec,
  ) {}

  async read(from: { cursor: string } | { since: string }, until: string, limit: number): Promise<{ items: Verdict[]; next: string }> {
    const pos = 'cursor' in from ? this.decode(from.cursor) : sincePosition(from.since);
    const lastDay = until.slice(0, 10);
    const items: Verdict[] = [];
    let buckets = 0;
    let day = pos.d;
    let after = pos.k;
    while (items.length < limit && buckets < MAX_BUCKETS_PER_READ) {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi1',
          // DynamoDB refuses an empty key value: a bucket read from its start has no lower bound.
          KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
          ExpressionAttributeValues: after ? { ':pk': `FEED#${day}`, ':after': after } : { ':pk': `FEED#${day}` },
          Limit: limit - items.length,
        }),
      );
      let reachedHorizon = false;
      for (const item of out.Items ?? []) {
        const sk = String(item.gsi1sk);
        // Not yet settled: stop before it; the next page starts here again.
        if (sk >= until) {
          reachedHorizon = true;
          break;
        }
        items.push(withoutKeys<Verdict>(item));
        after = sk;
      }
      if (reachedHorizon) break;
      if (out.LastEvaluatedKey) continue; // more in this bucket (the limit cut the page)
      // This bucket is read to the horizon. Leave it only when the horizon is past its day: then nothing
      // can still settle into it.
      if (day >= lastDay) break;
      day = nextDay(day);
      after = '';
      buckets++;
    }
    return { items, next: this.cursors.encode({ d: day, k: after }) ?? '' };
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
