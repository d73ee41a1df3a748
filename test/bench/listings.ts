/**
 * Section 7: what a listing page and a feed page cost, in DynamoDB requests and read units (as AWS bills
 * them, capacity.ts), on two tables:
 * - the bench stack's own table, holding its stored claims (stored-claims.ts: 50,000 over two years, a busy
 *   desk whose every tag, submitter and status has claims every month and whose feed has changes every day);
 * - a sparse table loaded the same way with a handful of claims spread over the same two years (months
 *   between them), where every listing and the feed must cross quiet months and days: #16's "at most 2
 *   requests a page whatever the gap".
 * Each listing is walked page by page (the API's default of 20 items a page, up to PAGES pages) through the
 * project's own repositories on a metered client, as the API's handlers call them; the API adds its own
 * authentication read to every request (one GetItem of the API key, which carries its principal, the same for every
 * route), which is not a listing's and is not counted here. A page's time is reported as a multiple of one
 * GetItem round trip measured on the same client in the same run (the floor of any page).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { DynamoFeedRepository } from '../../shared/adapters/dynamodb/feed-repository.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import type { ClaimListFilter } from '../../shared/domain/ports.ts';
import { CapacityMeter } from './capacity.ts';
import { loadStoredClaims } from './stored-claims.ts';

const LIMIT = 20;
const PAGES = 8;
const DAY = 86_400_000;
/** Claims in the sparse table: about four months apart over two years. */
const SPARSE_CLAIMS = 6;

export interface ListingRow {
  table: 'busy' | 'sparse';
  listing: string;
  pages: number;
  items: number;
  firstPageRequests: number;
  /** The most requests any page after the first made. */
  laterPageMaxRequests: number;
  readUnitsPerPage: number;
  /** Median page time, ms (the section divides it by the GetItem floor's median). */
  pageMs: number;
}

export interface ListingBench {
  rows: ListingRow[];
  storedClaims: number;
  sparseClaims: number;
  getItemMedianMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

interface Walked {
  perPage: Array<{ requests: number; readUnits: number; ms: number }>;
  items: number;
}

/** Pages through one listing with `next` until it ends or PAGES pages were read. */
async function walk(meter: CapacityMeter, read: (after: string | undefined) => Promise<{ count: number; next: string | undefined }>): Promise<Walked> {
  const perPage: Walked['perPage'] = [];
  let items = 0;
  let after: string | undefined;
  do {
    const before = meter.snapshot();
    const started = performance.now();
    const page = await read(after);
    const ms = performance.now() - started;
    const now = meter.snapshot();
    perPage.push({ requests: now.calls - before.calls, readUnits: now.readUnits - before.readUnits, ms });
    items += page.count;
    after = page.next;
  } while (after !== undefined && perPage.length < PAGES);
  return { perPage, items };
}

function metered(endpoint: string, tableName: string): { table: TableContext; meter: CapacityMeter; client: DynamoDBClient } {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const meter = new CapacityMeter();
  const doc = createDocumentClient(client);
  doc.middlewareStack.use(meter.middleware);
  return { table: { doc, tableName }, meter, client };
}

export async function measureListings(opts: { endpoint: string; tableName: string; template: CloudTemplate; storedClaims: number }): Promise<ListingBench> {
  const sparseName = `${opts.tableName}-sparse`;
  const setup = new DynamoDBClient({ endpoint: opts.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(setup, opts.template, sparseName);
  await loadStoredClaims({ doc: createDocumentClient(setup), tableName: sparseName }, SPARSE_CLAIMS);
  setup.destroy();

  const rows: ListingRow[] = [];
  const floors: number[] = [];
  const cursors = new CursorCodec('bench-listings');
  const now = new Date();
  const listings: Array<[string, ClaimListFilter]> = [
    ['tag economy', { tag: 'economy' }],
    ['tag environment', { tag: 'environment' }],
    ['submitter desk-main', { submittedBy: 'desk-main' }],
    ['submitter desk-5', { submittedBy: 'desk-5' }],
    ['status published (by month)', { status: 'published' }],
    ['status awaiting_review (a work queue)', { status: 'awaiting_review' }],
    ['tag economy, up to 200 days ago', { tag: 'economy', to: new Date(now.getTime() - 200 * DAY).toISOString() }],
  ];
  const feeds: Array<[string, number]> = [
    ['feed since 1 day ago', 1],
    ['feed since 30 days ago', 30],
    ['feed since 2 years ago', 731],
  ];
  for (const [kind, tableName] of [
    ['busy', opts.tableName],
    ['sparse', sparseName],
  ] as const) {
    const { table, meter, client } = metered(opts.endpoint, tableName);
    try {
      const claims = new DynamoClaimRepository(table, cursors);
      const feed = new DynamoFeedRepository(table, cursors);
      // Warm the client (connection, credentials) and measure the floor: a GetItem of a missing key.
      for (let i = 0; i < 21; i++) {
        const started = performance.now();
        await table.doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'BENCH#floor', sk: String(i) } }));
        if (i > 0) floors.push(performance.now() - started);
      }
      const row = (listing: string, w: Walked): ListingRow => {
        const [first, ...later] = w.perPage;
        return {
          table: kind,
          listing,
          pages: w.perPage.length,
          items: w.items,
          firstPageRequests: first?.requests ?? 0,
          laterPageMaxRequests: later.length ? Math.max(...later.map((p) => p.requests)) : 0,
          readUnitsPerPage: w.perPage.reduce((s, p) => s + p.readUnits, 0) / Math.max(1, w.perPage.length),
          pageMs: median(w.perPage.map((p) => p.ms)),
        };
      };
      const walkListing = (filter: ClaimListFilter) =>
        walk(meter, async (after) => {
          const page = await claims.list(filter, after === undefined ? { limit: LIMIT } : { limit: LIMIT, after });
          return { count: page.items.length, next: page.next ?? undefined };
        });
      for (const [name, filter] of listings) rows.push(row(name, await walkListing(filter)));
      // A tag's first page starts where the process last saw the tag's newest month (claim-listing.ts):
      // the tag listings again, in the same process.
      for (const [name, filter] of listings.filter(([, f]) => f.tag !== undefined)) rows.push(row(`${name}, again (same process)`, await walkListing(filter)));
      for (const [name, days] of feeds) {
        const until = new Date(Date.now() - 5_000).toISOString();
        const w = await walk(meter, async (after) => {
          const page = await feed.read(after === undefined ? { since: new Date(now.getTime() - days * DAY).toISOString() } : { cursor: after }, until, LIMIT);
          // A feed page always names where to go on; a reader stops when it reaches the settle horizon.
          return { count: page.items.length, next: page.settledUntil >= until ? undefined : page.next };
        });
        rows.push(row(name, w));
      }
    } finally {
      client.destroy();
    }
  }
  return { rows, storedClaims: opts.storedClaims, sparseClaims: SPARSE_CLAIMS, getItemMedianMs: median(floors) };
}
