/**
 * Stored claims for the benches: a table that already holds a desk's archive (BENCH_STORED_CLAIMS, 50,000
 * by default), so that the cost section counts a claim's path at the size #16's target names. The claims
 * are written straight to the table with parallel BatchWriteItem, through the repositories' own item
 * builders (claimItem, eventItem, tagEntry, the verdict and feed keys, bulkIndexItems for the similar-claim
 * index, MonthIndex for the listings' month index), so they land under today's key design whatever it
 * becomes. Writing them through the API and the workflow would take the better part of an hour.
 *
 * What each stored claim is: one of the archive's statements (claim-corpus.ts), created over the two years
 * before the run, in the statuses a desk's archive holds (60% published with a verdict, the rest awaiting
 * review, rejected, expired or closed at triage), one tag (40% `economy`, the cost section's tag), one
 * submitter of nine (60% the busiest), and one trail event: the last one (a full trail adds items no
 * path reads). Claims past triage are in the similar-claim index (as triage and publishing leave them);
 * closed-at-triage ones are not, as in the product. Not written: the claims' details items (triage result,
 * evidence), earlier trail events, reviews and partner notifications, which no new claim's path reads.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { seededRandom } from '../evaluation/metrics.ts';
import { claimItem, eventItem } from '../../shared/adapters/dynamodb/claim-items.ts';
import { feedDayMarker, feedIndexKeys } from '../../shared/adapters/dynamodb/feed-repository.ts';
import { isBucketedStatus, MonthIndex, statusListing, submitterListing, tagEntry, tagListing } from '../../shared/adapters/dynamodb/partitions.ts';
import { bulkIndexItems } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { keys } from '../../shared/adapters/dynamodb/table.ts';
import type { Claim, ClaimEvent, ClaimStatus } from '../../shared/domain/claim.ts';
import type { IndexedClaim } from '../../shared/domain/ports.ts';
import { defaultRatingScale } from '../../shared/domain/rating-scale.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import type { Verdict } from '../../shared/domain/verdict.ts';
import { archiveStatement } from './claim-corpus.ts';

const DAY = 86_400_000;
const SPAN_DAYS = 730;
/** Twenty slots: the share of each status in the archive. */
const STATUS_MIX: ClaimStatus[] = [
  ...Array<ClaimStatus>(12).fill('published'),
  'awaiting_review',
  'awaiting_review',
  'rejected',
  'rejected',
  'review_expired',
  'not_check_worthy',
  'not_check_worthy',
  'duplicate',
];
const LAST_EVENT: Partial<Record<ClaimStatus, string>> = {
  published: 'verdict.published',
  awaiting_review: 'review.requested',
  rejected: 'review.rejected',
  review_expired: 'review.expired',
  not_check_worthy: 'triage.not_check_worthy',
  duplicate: 'triage.duplicate',
};
const TAGS = ['health', 'politics', 'environment', 'crime', 'education', 'transport', 'housing'];
const SUBMITTERS = ['desk-main', 'desk-2', 'desk-3', 'desk-4', 'desk-5', 'desk-6', 'desk-7', 'desk-8', 'desk-9'];
const RATINGS = defaultRatingScale.labels;

export interface StoredClaim {
  claim: Claim;
  event: ClaimEvent;
  verdict?: Verdict;
  /** Its entry in the similar-claim index, when the claim went past triage. */
  indexed?: IndexedClaim;
}

/** The i-th of `count` stored claims, the newest an hour before `now`. */
export function storedClaim(i: number, count: number, now: Date): StoredClaim {
  const created = now.getTime() - 3_600_000 - Math.floor(((count - 1 - i) / Math.max(1, count)) * SPAN_DAYS * DAY);
  const updated = Math.min(now.getTime() - 60_000, created + 3 * DAY);
  const createdAt = new Date(created).toISOString();
  const updatedAt = new Date(updated).toISOString();
  const status = STATUS_MIX[i % STATUS_MIX.length] as ClaimStatus;
  const statement = archiveStatement(i);
  const appearance = { url: `https://example.org/archive/${i}`, date: createdAt.slice(0, 10) };
  // Seeded randomness: the same archive every run, and no crypto call per character (ulid's default).
  const random = seededRandom(i + 1);
  const id = ulid(created, random);
  const claim: Claim = {
    id,
    statement,
    claimant: { name: `Speaker ${i % 997}` },
    appearances: [appearance],
    firstAppearance: appearance,
    tags: [i % 5 < 2 ? 'economy' : (TAGS[i % TAGS.length] as string)],
    priority: 'normal',
    submittedBy: (i % 5 < 3 ? SUBMITTERS[0] : SUBMITTERS[1 + (i % (SUBMITTERS.length - 1))]) as string,
    status,
    createdAt,
    updatedAt,
    revision: 4,
    ...(status === 'published' ? { verdictVersion: 1 } : {}),
    ...(status === 'not_check_worthy' || status === 'duplicate' || status === 'rejected' ? { closedReason: `closed: ${status}` } : {}),
  };
  const event: ClaimEvent = { claimId: id, id: ulid(updated, random), type: LAST_EVENT[status] ?? status, actor: 'workflow', at: updatedAt };
  const text = normalizeStatement(statement);
  const indexed: IndexedClaim | undefined =
    status === 'not_check_worthy' || status === 'duplicate'
      ? undefined
      : { kind: status === 'published' ? 'verdict' : 'claim', claimId: id, signature: claimSignature(text), text: text.slice(0, 1000) };
  if (status !== 'published') return { claim, event, ...(indexed ? { indexed } : {}) };
  const evidence = [
    {
      url: `https://news.example.org/${i}`,
      canonicalUrl: `https://news.example.org/${i}`,
      title: `What the records say about claim ${i}`,
      publisher: 'Statistics office',
      provider: 'mediawiki',
      retrievedAt: updatedAt,
      relevance: 0.8,
    },
  ];
  const verdict: Verdict = {
    claimId: id,
    version: 1,
    rating: RATINGS[i % RATINGS.length] as Verdict['rating'],
    summary: `The published figures do not support the claim as stated (${i}).`,
    evidence,
    reviewers: ['Desk reviewer'],
    publishedAt: updatedAt,
    claim: { statement, claimant: claim.claimant, appearances: claim.appearances, firstAppearance: appearance, language: 'en' },
  };
  return { claim, event, verdict, ...(indexed ? { indexed } : {}) };
}

/** The items of a batch of stored claims, but for the similar-claim index (written once, for all of them). */
export function storedClaimItems(stored: readonly StoredClaim[]): Array<Record<string, unknown>> {
  return stored.flatMap(({ claim, event, verdict }) => [
    claimItem(claim),
    eventItem(event),
    ...claim.tags.map((tag) => tagEntry(tag, claim.createdAt, claim.id)),
    ...(verdict ? [{ ...verdict, ...keys.verdict(claim.id, verdict.version), entity: 'verdict', ...feedIndexKeys(verdict) }] : []),
  ]);
}

/** The listings (partitions.ts) a stored claim is in, for the month index. */
export function storedClaimListings(claim: Claim): string[] {
  return [submitterListing(claim.submittedBy), ...claim.tags.map(tagListing), ...(isBucketedStatus(claim.status) ? [statusListing(claim.status)] : [])];
}

/**
 * BatchWriteItem with `concurrency` requests of 25 items in flight; unprocessed items are sent again. Items
 * can be added while earlier ones are being written, so building them overlaps with DynamoDB writing them.
 */
export class BatchWriter {
  private readonly queue: Array<Record<string, unknown>> = [];
  private inFlight = 0;
  private failure: unknown;
  private readonly idle: Array<() => void> = [];

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly concurrency = 12,
  ) {}

  add(items: readonly Record<string, unknown>[]): void {
    this.queue.push(...items);
    this.pump();
  }

  /** Resolves once fewer than `items` are waiting (all written when 0), or rejects with a failed write. */
  async waitBelow(items = 0): Promise<void> {
    while (this.failure === undefined && (this.queue.length > items || (items === 0 && this.inFlight > 0))) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      this.inFlight++;
      this.send(this.queue.splice(0, 25)).then(
        () => this.settled(),
        (err: unknown) => {
          this.failure ??= err;
          this.settled();
        },
      );
    }
  }

  private settled(): void {
    this.inFlight--;
    this.pump();
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private async send(batch: Array<Record<string, unknown>>): Promise<void> {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
      pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
    }
  }
}

export interface StoredClaimsLoad {
  claims: number;
  items: number;
  seconds: number;
  /** The indexed entries' statements, by claim id (for lookups of the loaded index). */
  indexedTexts: string[];
  indexed: number;
}

/**
 * Loads `count` stored claims into an empty table (the similar-claim index's stats item is written as the
 * total of this load). Claims are built in small chunks while earlier ones are being written.
 */
export async function loadStoredClaims(
  table: { doc: DynamoDBDocumentClient; tableName: string },
  count: number,
  options: { now?: Date; chunk?: number; concurrency?: number } = {},
): Promise<StoredClaimsLoad> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const chunk = options.chunk ?? 50;
  const writer = new BatchWriter(table.doc, table.tableName, options.concurrency);
  const entries: IndexedClaim[] = [];
  const indexedTexts: string[] = [];
  const listingMonths = new Map<string, { listings: Set<string>; createdAt: string }>();
  const feedDays = new Map<string, Record<string, unknown>>();
  let items = 0;
  for (let from = 0; from < count; from += chunk) {
    const stored = Array.from({ length: Math.min(chunk, count - from) }, (_, k) => storedClaim(from + k, count, now));
    for (const s of stored) {
      if (s.indexed) {
        entries.push(s.indexed);
        indexedTexts.push(s.claim.statement);
      }
      const month = s.claim.createdAt.slice(0, 7);
      const m = listingMonths.get(month) ?? { listings: new Set<string>(), createdAt: s.claim.createdAt };
      for (const l of storedClaimListings(s.claim)) m.listings.add(l);
      listingMonths.set(month, m);
      if (s.verdict) feedDays.set(s.verdict.publishedAt.slice(0, 10), feedDayMarker(s.verdict.publishedAt));
    }
    const batch = storedClaimItems(stored);
    items += batch.length;
    writer.add(batch);
    // Build ahead of the writes, but not far: a bounded queue, and the event loop free to take answers.
    await writer.waitBelow(25 * 40);
  }
  const indexItems = bulkIndexItems(entries);
  writer.add([...indexItems, ...feedDays.values()]);
  await writer.waitBelow(0);
  // The month index through its own writer: one Put per listing and month, and the tag months' sets.
  const months = new MonthIndex(table);
  await Promise.all([...listingMonths.values()].map((m) => months.mark([...m.listings], m.createdAt)));
  return {
    claims: count,
    items: items + indexItems.length + feedDays.size,
    seconds: (performance.now() - started) / 1000,
    indexedTexts,
    indexed: entries.length,
  };
}
