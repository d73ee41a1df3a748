/**
 * Partitions that would grow forever get a month in their key.
 *
 * A claim is listed in three partitions: its tag entries (`TAG#<tag>`), its submitter's (gsi2
 * `SUBMITTER#<principal>`) and its status's (gsi1 `STATUS#<status>`). Left alone, a tag's, a submitter's and
 * a terminal status's partition only ever grow (at 50,000 claims: 21,000 / 30,000 / 30,000 items in one
 * partition each), and every claim of a busy desk writes to the same few keys. So each of them is cut by
 * the month the claim was created: `TAG#<tag>#<yyyy-mm>`, `SUBMITTER#<principal>#<yyyy-mm>` and, for the
 * terminal statuses (published, rejected, closed...), `STATUS#<status>#<yyyy-mm>`. A bucket holds one
 * month of one desk's claims; sort keys inside it are unchanged (`<createdAt>#<claimId>`). The live
 * statuses (received, triaging, gathering evidence, awaiting review) stay one partition each: they are work
 * queues, emptied as claims move on, and the reconciler reads `STATUS#received` in one Query.
 *
 * The read path. Beside the buckets, one small item per bucket that holds claims (pk `MONTHS#<partition>`,
 * sk `<yyyy-mm>`), written before the first claim of that month can be seen in the bucket (an idempotent
 * Put, remembered per process, so about one request per partition, month and process). A listing page is
 * then at most two Queries whatever the gap between months: one on the month index for the month of the
 * cursor (or the newest month in the time range) and the one before it that holds claims, one on that
 * bucket. A cursor inside a month carries the month before it, so only a page that enters a month reads the
 * index. A page reads one bucket at most; when the bucket ends, the cursor moves straight to the next
 * month that holds claims (a page may then hold fewer than `limit` items while `next` is set, as a
 * narrowed page already could). Newest first, as before: months descending, sort keys descending.
 *
 * A tag page also reads its claims (one BatchGetItem, after the bucket Query). So a tag listing keeps one
 * more item per tag, its month set (pk `MONTHSET#TAG#<tag>`, a string set of the months holding claims,
 * added to with the marker), and a tag page that enters a month from a cursor does not Query the month
 * index: the cursor names the month, and the month set is one more key in the claims' BatchGetItem, which
 * gives the month before it whatever the gap (bucket Query + BatchGetItem: 2 requests). The first page does
 * not know its month: it starts at the newest month in its range of the tag's set as this process last read
 * it, else at the current month (or the range's last), and the set read with its claims says whether that
 * was right: 2 requests for a tag with claims this month or one the process has listed before, 4 when the
 * guess was wrong (the set names the newest month; its bucket and its claims), and the month index path
 * only for a tag with no set yet (claim-listing.ts). Copying a summary of the claim into
 * each tag entry would make a tag page one Query, but every status change would then write every tag entry of
 * the claim; reads are the cheaper side. The set is read eventually consistent: a page looks up in it the
 * months older than its own, and a month gets its marker when its first claim is created (at creation time,
 * so never older than a month already listed) or by the backfill; a first page also looks for months after
 * its guess, where a month whose first claim is a second old may not show yet (the listing is eventually
 * consistent, as its bucket Query and the indexes are). A table the backfill has not
 * given month sets falls back to the index Query on the page that ends a month.
 *
 * Existing tables: `npm run backfill:partitions` moves claims and tag entries written before the buckets
 * into them and writes the month index (backfillPartitionBuckets below); until it has run, listings by
 * tag, submitter or terminal status do not show those older claims.
 */
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { terminalStatuses, type ClaimStatus } from '../../domain/claim.ts';
import { isConditionalCheckFailure, scanPages, type TableContext } from './table.ts';

const monthOf = (iso: string) => iso.slice(0, 7);

/** The partition a listing names (before the month): `TAG#economy`, `SUBMITTER#p1`, `STATUS#published`. */
export const tagListing = (tag: string) => `TAG#${tag}`;
export const submitterListing = (principalId: string) => `SUBMITTER#${principalId}`;
export const statusListing = (status: ClaimStatus) => `STATUS#${status}`;

/** Whether a status's partition is cut into months (the terminal ones, which only grow). */
export const isBucketedStatus = (status: ClaimStatus) => terminalStatuses.has(status);

/** The key of one month's bucket of a listing partition. */
export const bucketOf = (listing: string, createdAt: string) => `${listing}#${monthOf(createdAt)}`;

export function statusPartition(status: ClaimStatus, createdAt: string): string {
  return isBucketedStatus(status) ? bucketOf(statusListing(status), createdAt) : statusListing(status);
}

const MONTHS_PREFIX = 'MONTHS#';
/** The key of a tag listing's month set (see the top of this file). */
export const monthSetKey = (listing: string) => ({ pk: `MONTHSET#${listing}`, sk: 'months' });
const hasMonthSet = (listing: string) => listing.startsWith('TAG#');

/** The months a month set item names. */
export function monthsOf(set: Record<string, unknown>): string[] {
  const months = set.months instanceof Set ? [...set.months] : Array.isArray(set.months) ? set.months : [];
  return months.map(String);
}

/** The newest month of a month set before `month` (and at or after `atLeast`). */
export function monthBefore(set: Record<string, unknown>, month: string, atLeast?: string): string | undefined {
  return monthsOf(set)
    .filter((m) => m < month && (atLeast === undefined || m >= atLeast))
    .sort()
    .at(-1);
}
const monthsKey = (listing: string, month: string) => ({ pk: `${MONTHS_PREFIX}${listing}`, sk: month });

/** The month index: which months of a listing partition hold claims (see the top of this file). */
export class MonthIndex {
  /** Buckets this process has already marked. */
  private readonly marked = new Set<string>();

  constructor(private readonly table: TableContext) {}

  /** Marks the month of `createdAt` in each listing, before a claim becomes visible in those buckets. */
  async mark(listings: readonly string[], createdAt: string): Promise<void> {
    const month = monthOf(createdAt);
    const pending = [...new Set(listings)].filter((l) => !this.marked.has(`${l}#${month}`));
    // Plain Puts (one per new bucket, rarely more than one), and for a tag listing an ADD to its month set.
    for (const l of pending) {
      await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: { ...monthsKey(l, month), entity: 'listing-month' } }));
      if (hasMonthSet(l)) {
        await this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: monthSetKey(l),
            UpdateExpression: 'ADD months :month SET entity = :entity',
            ExpressionAttributeValues: { ':month': new Set([month]), ':entity': 'listing-months' },
          }),
        );
      }
    }
    for (const l of pending) this.marked.add(`${l}#${month}`);
  }

  /**
   * The newest month at or before `atMost` (and at or after `atLeast`) that holds claims of the listing,
   * and the one before it: one Query.
   */
  async months(listing: string, atMost: string, atLeast?: string): Promise<[string | undefined, string | undefined]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `${MONTHS_PREFIX}${listing}`, ':from': atLeast ?? '0000-00', ':to': atMost },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 2,
      }),
    );
    const [month, before] = (out.Items ?? []).map((i) => String(i.sk));
    return [month, before];
  }
}

/**
 * Moves what was written before the buckets into them: each claim item's gsi1pk (terminal statuses) and
 * gsi2pk, each tag entry (a Put of the bucketed entry, then a Delete of the old one), and writes the month
 * index. Idempotent: a claim already in its bucket is left alone, a rerun finds nothing to move. A claim's
 * key is set only while it still holds the old one (a transition racing the backfill wins). A Scan is
 * deliberate: it runs once per deployment, by an operator, never on a request path.
 */
export async function backfillPartitionBuckets(table: TableContext): Promise<{ claims: number; tagEntries: number; months: number }> {
  const index = new MonthIndex(table);
  const marks = new Map<string, Set<string>>();
  const mark = (listing: string, createdAt: string) => {
    const month = monthOf(createdAt);
    if (!marks.has(month)) marks.set(month, new Set());
    marks.get(month)?.add(listing);
  };
  let claims = 0;
  let tagEntries = 0;
  for await (const items of scanPages(table, {
    FilterExpression: '#entity IN (:claim, :tag)',
    ExpressionAttributeNames: { '#entity': 'entity' },
    ExpressionAttributeValues: { ':claim': 'claim', ':tag': 'tag' },
  })) {
    for (const item of items) {
      if (item.entity === 'claim') {
        const status = item.status as ClaimStatus;
        const createdAt = String(item.createdAt);
        const gsi1pk = statusPartition(status, createdAt);
        const gsi2pk = bucketOf(submitterListing(String(item.submittedBy)), createdAt);
        if (isBucketedStatus(status)) mark(statusListing(status), createdAt);
        mark(submitterListing(String(item.submittedBy)), createdAt);
        if (item.gsi1pk === gsi1pk && item.gsi2pk === gsi2pk) continue;
        try {
          await table.doc.send(
            new UpdateCommand({
              TableName: table.tableName,
              Key: { pk: item.pk, sk: item.sk },
              UpdateExpression: 'SET gsi1pk = :gsi1pk, gsi2pk = :gsi2pk',
              ConditionExpression: 'gsi1pk = :old1 AND #status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':gsi1pk': gsi1pk, ':gsi2pk': gsi2pk, ':old1': item.gsi1pk, ':status': status },
            }),
          );
          claims += 1;
        } catch (err) {
          if (!isConditionalCheckFailure(err)) throw err;
        }
      } else if (typeof item.tag === 'string') {
        // Already in its bucket: its month is still marked (a rerun gives tables from before the month sets theirs).
        mark(tagListing(item.tag), String(item.sk).split('#')[0] ?? '');
      } else {
        // A tag entry from before the buckets: pk TAG#<tag>, sk <createdAt>#<claimId>, no `tag` attribute.
        const tag = String(item.pk).slice('TAG#'.length);
        const createdAt = String(item.sk).split('#')[0] ?? '';
        mark(tagListing(tag), createdAt);
        await table.doc.send(new PutCommand({ TableName: table.tableName, Item: tagEntry(tag, createdAt, String(item.claimId)) }));
        await table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }));
        tagEntries += 1;
      }
    }
  }
  let months = 0;
  for (const [month, listings] of marks) {
    await index.mark([...listings], `${month}-01T00:00:00.000Z`);
    months += listings.size;
  }
  return { claims, tagEntries, months };
}

/** A claim's entry in a tag's listing (in the bucket of its month). */
export function tagEntry(tag: string, createdAt: string, claimId: string): Record<string, unknown> {
  return { pk: bucketOf(tagListing(tag), createdAt), sk: `${createdAt}#${claimId}`, entity: 'tag', tag, claimId };
}
