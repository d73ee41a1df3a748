/**
 * Claim listings: one designed partition per listing (tag, submitter or status; month-bucketed where it
 * would grow forever, see partitions.ts), pages bound to the partition they page through, and the workflow
 * reconciler's read of unstarted claims.
 */
import { createHash } from 'node:crypto';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Claim } from '../../domain/claim.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ClaimListFilter, Page } from '../../domain/ports.ts';
import type { CursorCodec } from '../cursor.ts';
import { isBucketedStatus, type MonthIndex, monthBefore, monthSetKey, monthsOf, statusListing, submitterListing, tagListing } from './partitions.ts';
import { readTagPageClaims } from './tag-page-claims.ts';
import { withoutKeys, type TableContext } from './table.ts';

/** Where a cursor may be used: a short hash of the partition it pages through (not the partition itself). */
function cursorScope(partition: string): string {
  return createHash('sha256').update(partition).digest('base64url').slice(0, 12);
}
const SCOPE_FIELD = '~scope';
/** The month bucket a cursor of a month-bucketed listing is in. */
const MONTH_FIELD = '~month';
/** The month before it that holds claims ('' for none), once a page has read the month index. */
const BEFORE_FIELD = '~before';

/** Tags whose month sets a process keeps (a few KB each at most: one yyyy-mm string per month in use). */
const MONTH_SETS_KEPT = 500;

const newestOf = (months: readonly string[]) => [...months].sort().at(-1);

/** How one bucket is read (readBucket). */
interface BucketRead {
  /** The month before this one that holds claims, when already known (`before` undefined: none). */
  known?: { before: string | undefined };
  startKey?: Record<string, unknown>;
  /** With no month set to name the month before, ask the month index (false: leave it unknown). */
  indexFallback?: boolean;
}

export class DynamoClaimListing {
  constructor(
    private readonly table: TableContext,
    private readonly cursors: CursorCodec,
    private readonly months: MonthIndex,
    /** The clock a tag's first page takes the current month from. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The month sets of the tags this process has listed (at most MONTH_SETS_KEPT, the oldest read dropped
   * first): where a tag's next first page starts. Only a guess: the set read with that page's claims
   * decides, so a set gone stale costs two requests, never a missed claim.
   */
  private readonly monthSets = new Map<string, string[]>();

  private remember(listing: string, months: string[]): void {
    this.monthSets.delete(listing);
    this.monthSets.set(listing, months);
    if (this.monthSets.size > MONTH_SETS_KEPT) this.monthSets.delete(this.monthSets.keys().next().value as string);
  }

  /**
   * One designed partition per listing, chosen by the most selective filter present: tag (the tag's
   * entries), else submitter (gsi2), else status (gsi1). Tag, submitter and terminal-status partitions are
   * cut into months (partitions.ts): a page reads the month index and one month's bucket, at most two
   * Queries. A tag page reads its claims with one BatchGetItem and, when it enters a month from a cursor,
   * takes the month before it from the month set in that same BatchGetItem instead of the index: 2
   * requests (its first page too when it guesses its month right; 4 when not). A time range is a condition on the sort key,
   * which starts with createdAt (and bounds the months). Further filters narrow that query (a
   * FilterExpression, or after reading the tag entries); a narrowed page, or one that ends a month, may hold
   * fewer than `limit` items while `next` is still set.
   */
  async list(filter: ClaimListFilter, page: { limit: number; after?: string }): Promise<Page<Claim>> {
    const range = rangeCondition(filter);
    let listing: string;
    let input: (bucket: string) => Omit<QueryCommandInput, 'TableName'>;
    if (filter.tag !== undefined) {
      listing = tagListing(filter.tag);
      input = (pk) => ({ KeyConditionExpression: `pk = :pk${range.expr('sk')}`, ExpressionAttributeValues: { ':pk': pk, ...range.values } });
    } else if (filter.submittedBy !== undefined) {
      listing = submitterListing(filter.submittedBy);
      input = (pk) => ({
        IndexName: 'gsi2',
        KeyConditionExpression: `gsi2pk = :pk${range.expr('gsi2sk')}`,
        ...(filter.status !== undefined ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':pk': pk, ...range.values, ...(filter.status !== undefined ? { ':status': filter.status } : {}) },
      });
    } else if (filter.status !== undefined) {
      listing = statusListing(filter.status);
      input = (pk) => ({
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :pk${range.expr('gsi1sk')}`,
        ExpressionAttributeValues: { ':pk': pk, ...range.values },
      });
    } else {
      // Listing every claim would be a scan; the API turns "no filter" into "the caller's own claims".
      throw new DomainError('invalid', 'a listing needs a status, submitter or tag', { field: 'query', rule: 'one of status, submitter, tag' });
    }
    // Newest first, the order a newsroom reads a queue in.
    const bucketed = filter.tag !== undefined || filter.submittedBy !== undefined || (filter.status !== undefined && isBucketedStatus(filter.status));
    const got: Page<Record<string, unknown>> & { claims?: Claim[] } = bucketed
      ? await this.queryMonths(listing, input, filter, page, filter.tag !== undefined)
      : await this.query(listing, { ...input(listing), ScanIndexForward: false }, page);
    const { items, next } = got;
    const claims = got.claims ?? items.map((i) => withoutKeys<Claim>(i));
    const narrowed = claims.filter(
      (c) => (filter.status === undefined || c.status === filter.status) && (filter.submittedBy === undefined || c.submittedBy === filter.submittedBy),
    );
    return { items: narrowed, next };
  }

  /**
   * A page of a month-bucketed listing, newest first: the month index names the month to read (the
   * cursor's, else the newest in the time range) and the one before it that holds claims; one Query on
   * that month's bucket. When the bucket ends, the cursor moves to that earlier month (none: the end).
   * A tag page (`tags`) also resolves its entries' claims; entering a month from a cursor it skips the
   * index and reads the month set with the claims, and its first page starts at a guessed month that the
   * set then confirms (the read path: partitions.ts).
   */
  private async queryMonths(
    listing: string,
    input: (bucket: string) => Omit<QueryCommandInput, 'TableName'>,
    filter: ClaimListFilter,
    page: { limit: number; after?: string },
    tags: boolean,
  ): Promise<Page<Record<string, unknown>> & { claims?: Claim[] }> {
    const scope = cursorScope(listing);
    const position = this.cursors.decode(page.after);
    if (position !== undefined && (position[SCOPE_FIELD] !== scope || typeof position[MONTH_FIELD] !== 'string')) {
      throw new DomainError('invalid', 'cursor is not one this API issued for this listing', { field: 'cursor', rule: 'opaque cursor from a previous page' });
    }
    const from = filter.from?.slice(0, 7);
    const atMost = (filter.to ?? '9999-12').slice(0, 7);
    const read = (month: string, options: BucketRead = {}) => this.readBucket({ listing, input, scope, limit: page.limit, tags, from }, month, options);
    if (position === undefined && tags) {
      // A tag's first page does not know its month. It guesses: the newest month in the range of the
      // tag's month set as this process last read it, else the current month (claims are created now, so
      // a tag in use has claims this month), and reads that bucket and its claims with the month set, 2
      // requests. The set then says whether the guess was right; when it was not (a quiet month, or a
      // newer month since), the set names the newest month in the range, whose bucket and claims are 2
      // more requests. Only a tag without a set (a table the backfill has not rerun on) goes through the
      // month index.
      const current = this.now().toISOString().slice(0, 7);
      const inRange = (m: string) => m <= atMost && (from === undefined || m >= from);
      // The earlier of the two yyyy-mm strings (Math.min would read them as NaN).
      const [fallback = current] = [current, atMost].sort();
      const guess = newestOf((this.monthSets.get(listing) ?? []).filter(inRange)) ?? fallback;
      const guessed = inRange(guess) ? await read(guess, { indexFallback: false }) : undefined;
      const set = guessed?.set;
      if (guessed && set) {
        const found = guessed.page.items.length > 0;
        const newest = newestOf(monthsOf(set).filter(inRange));
        if (found && (newest === undefined || newest <= guess)) return guessed.page;
        const target = !found && newest === guess ? monthBefore(set, guess, from) : newest;
        return target === undefined ? { items: [], next: null } : (await read(target, { known: { before: monthBefore(set, target, from) } })).page;
      }
    }
    // A cursor inside a month carries the month before it (learned when the page entered the month), so
    // only a page entering a month reads the month index.
    // A tag page entering a month from a cursor learns it from its month set, read with its claims.
    const known = position !== undefined && typeof position[BEFORE_FIELD] === 'string';
    const fromSet = !known && position !== undefined && tags;
    const [month, before] = known
      ? [String(position[MONTH_FIELD]), String(position[BEFORE_FIELD]) || undefined]
      : fromSet
        ? [String(position[MONTH_FIELD]), undefined]
        : await this.months.months(listing, position ? String(position[MONTH_FIELD]) : atMost, from);
    if (month === undefined) return { items: [], next: null };
    const cursorFields = new Set([SCOPE_FIELD, MONTH_FIELD, BEFORE_FIELD]);
    const startKey =
      position && position[MONTH_FIELD] === month ? Object.fromEntries(Object.entries(position).filter(([k]) => !cursorFields.has(k))) : undefined;
    return (
      await read(month, {
        ...(fromSet ? {} : { known: { before } }),
        ...(startKey && Object.keys(startKey).length > 0 ? { startKey } : {}),
      })
    ).page;
  }

  /**
   * One Query on one month's bucket, from `startKey`, and for a tag page its claims (with the month set
   * when the month before is not `known` yet); the page, the cursor that follows it, and the set if read.
   */
  private async readBucket(
    at: {
      listing: string;
      input: (bucket: string) => Omit<QueryCommandInput, 'TableName'>;
      scope: string;
      limit: number;
      tags: boolean;
      from: string | undefined;
    },
    month: string,
    { known, startKey, indexFallback = true }: BucketRead,
  ): Promise<{ page: Page<Record<string, unknown>> & { claims?: Claim[] }; set?: Record<string, unknown> }> {
    const { listing, scope, from } = at;
    let [before, beforeKnown] = [known?.before, known !== undefined];
    const out = await this.table.doc.send(
      new QueryCommand({
        ...at.input(`${listing}#${month}`),
        TableName: this.table.tableName,
        ScanIndexForward: false,
        Limit: at.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = out.Items ?? [];
    let claims: Claim[] | undefined;
    let set: Record<string, unknown> | undefined;
    if (at.tags) {
      const read = await readTagPageClaims(
        this.table,
        items.map((i) => String(i.claimId)),
        beforeKnown ? undefined : monthSetKey(listing),
      );
      claims = read.claims;
      set = read.set;
      if (set) {
        [before, beforeKnown] = [monthBefore(set, month, from), true];
        this.remember(listing, monthsOf(set));
      }
    }
    if (!beforeKnown && !out.LastEvaluatedKey && indexFallback) {
      // No month set yet (a table the backfill has not rerun on): the month index names the month before.
      const [newest, older] = await this.months.months(listing, month, from);
      [before, beforeKnown] = [newest !== undefined && newest < month ? newest : older, true];
    }
    const nextPosition = out.LastEvaluatedKey
      ? { ...out.LastEvaluatedKey, [MONTH_FIELD]: month, ...(beforeKnown ? { [BEFORE_FIELD]: before ?? '' } : {}), [SCOPE_FIELD]: scope }
      : before !== undefined
        ? { [MONTH_FIELD]: before, [SCOPE_FIELD]: scope }
        : undefined;
    const page = { items, next: this.cursors.encode(nextPosition), ...(claims ? { claims } : {}) };
    return set ? { page, set } : { page };
  }

  /**
   * Claims in `received` (a small partition: claims leave it when triage records its outcome) without
   * workflowStartedAt, oldest first. Reads further pages until `limit` are found or the partition ends.
   */
  async listUnstarted(olderThan: string, limit: number): Promise<Claim[]> {
    const found: Claim[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 20 && found.length < limit; pages++) {
      const { items, next } = await this.query(
        'unstarted',
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
          FilterExpression: 'attribute_not_exists(workflowStartedAt)',
          ExpressionAttributeValues: { ':pk': 'STATUS#received', ':before': olderThan },
        },
        after === undefined ? { limit: 100 } : { limit: 100, after },
      );
      found.push(...items.map((i) => withoutKeys<Claim>(i)));
      if (!next) break;
      after = next;
    }
    return found.slice(0, limit);
  }

  /**
   * A Query page. Cursors are bound to the partition they page through: a cursor from one listing used on
   * another is refused like a forged one, rather than reaching DynamoDB as a foreign start key.
   */
  async query(partition: string, input: Omit<QueryCommandInput, 'TableName'>, page: { limit: number; after?: string }): Promise<Page<Record<string, unknown>>> {
    const scope = cursorScope(partition);
    const position = this.cursors.decode(page.after);
    if (position !== undefined && position[SCOPE_FIELD] !== scope) {
      throw new DomainError('invalid', 'cursor is not one this API issued for this listing', { field: 'cursor', rule: 'opaque cursor from a previous page' });
    }
    const startKey = position && Object.fromEntries(Object.entries(position).filter(([k]) => k !== SCOPE_FIELD));
    const out = await this.table.doc.send(new QueryCommand({ ...input, TableName: this.table.tableName, Limit: page.limit, ExclusiveStartKey: startKey }));
    return { items: out.Items ?? [], next: this.cursors.encode(out.LastEvaluatedKey && { ...out.LastEvaluatedKey, [SCOPE_FIELD]: scope }) };
  }
}

function rangeCondition(filter: ClaimListFilter): { expr: (attr: string) => string; values: Record<string, string> } {
  // Sort keys start with createdAt, so a time range is a key condition. '~' sorts after any id character.
  const from = filter.from ?? '0000';
  const to = filter.to !== undefined ? `${filter.to}~` : '9999';
  if (filter.from === undefined && filter.to === undefined) return { expr: () => '', values: {} };
  return { expr: (attr) => ` AND ${attr} BETWEEN :from AND :to`, values: { ':from': from, ':to': to } };
}
