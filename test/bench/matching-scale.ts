/**
 * `npm run bench:matching`: the similar-claim index at 1,000, 10,000 and 50,000 verdicts (DynamoDB Local, one
 * table per size, CapacityMeter counting units as AWS bills them). For each size: DynamoDB requests, read units
 * and latency (p50/p99) per lookup (`candidates`, what triage, the archive provider and the search call), and
 * requests and write units per newly indexed claim (`add`). Latency is reported as a ratio against a baseline
 * measured in the same run on the same DynamoDB Local: one GetItem of one small item. Nothing is asserted.
 *
 * The collection is the bench's synthetic archive (claim-corpus.ts: English claim statements whose common
 * words recur across the archive, with a long tail of made-up names), the one the bench stack's stored claims
 * are made of; latencies are DynamoDB Local's on this machine. Each size is loaded with BatchWriteItem from
 * `bulkIndexItems` (the items `add` would leave), since 50,000 sequential adds would take far longer than the
 * measurement. In `npm run bench` the largest row is the bench stack's own table of stored claims
 * (stored-claims.ts: verdicts and claims past triage), measured where the cost section ran, not loaded again.
 * Environment: BENCH_MATCHING_SIZES (1000,10000,50000), BENCH_MATCHING_LOOKUPS (200), BENCH_MATCHING_ADDS (100).
 * Also a part of `npm run bench` (BENCH_ONLY=matching runs it alone).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { synthesizeTemplate } from '../../infra/local/cloud-template.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { bulkIndexItems, DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import type { IndexedClaim } from '../../shared/domain/ports.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import { seededRandom as rng } from '../evaluation/metrics.ts';
import { CapacityMeter } from './capacity.ts';
import { archiveStatement } from './claim-corpus.ts';
import { BatchWriter } from './stored-claims.ts';

export interface MatchingScaleOptions {
  sizes: number[];
  lookups: number;
  adds: number;
  /** An already running DynamoDB Local (the bench stack's); one is started when absent. */
  endpoint?: string;
  /**
   * A table already holding an index (the bench stack's stored claims, stored-claims.ts), measured as one
   * more row instead of loading a table of that size; `texts` are its indexed statements.
   */
  preloaded?: { endpoint: string; tableName: string; texts: string[]; label: string };
}

export function matchingScaleOptionsFromEnv(): MatchingScaleOptions {
  return {
    sizes: (process.env.BENCH_MATCHING_SIZES ?? '1000,10000,50000').split(',').map(Number),
    lookups: Number(process.env.BENCH_MATCHING_LOOKUPS ?? 200),
    adds: Number(process.env.BENCH_MATCHING_ADDS ?? 100),
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'su', 'del', 'pra', 'ni', 'gor', 'e', 'ul', 'sta', 'bri', 'mon', 'ze', 'tu', 'fa', 'rin'];
function vocabulary(size: number): string[] {
  const r = rng(7);
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

/** Zipf(1) sampler over the vocabulary by inverse CDF. */
function zipf(words: string[], r: () => number): () => string {
  const cdf: number[] = [];
  let sum = 0;
  for (let i = 0; i < words.length; i++) {
    sum += 1 / (i + 1);
    cdf.push(sum);
  }
  return () => {
    const x = r() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] as string;
  };
}

/** `n` statements of the bench's synthetic archive (claim-corpus.ts), from statement `from` on. */
function corpus(n: number, from: number): string[] {
  return Array.from({ length: n }, (_, i) => archiveStatement(from + i));
}

function entry(claimId: string, text: string): IndexedClaim {
  const normalized = normalizeStatement(text);
  return { kind: 'verdict', claimId, signature: claimSignature(normalized), text: normalized };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const f = (n: number, d = 2) => n.toFixed(d);

const localClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 8 });

/** One row: lookups of reworded indexed statements and adds of new ones, on a table that holds an index. */
async function measureTable(client: DynamoDBClient, tableName: string, texts: string[], label: string, seed: number, options: MatchingScaleOptions) {
  const meter = new CapacityMeter();
  const doc = createDocumentClient(client);
  doc.middlewareStack.use(meter.middleware);
  const index = new DynamoSimilarClaimIndex({ doc, tableName });

  // Baseline: one GetItem of the stats item, the smallest request there is.
  const base: number[] = [];
  for (let i = 0; i < options.lookups; i++) {
    const s = performance.now();
    await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'TERMSTATS', sk: '#STATS' } }));
    base.push(performance.now() - s);
  }

  // Lookups: an indexed claim reworded (a third of its words dropped, two others added).
  const r = rng(seed + 1);
  const extra = zipf(vocabulary(30_000), r);
  const latency: number[] = [];
  const requests: number[] = [];
  const readUnits: number[] = [];
  for (let i = 0; i < options.lookups; i++) {
    const words = (texts[Math.floor(r() * texts.length)] as string).split(' ').filter(() => r() > 0.33);
    const query = `${[...words, extra(), extra()].join(' ')}`;
    const signature = claimSignature(normalizeStatement(query));
    const before = meter.snapshot();
    const s = performance.now();
    await index.candidates(signature, 25);
    latency.push(performance.now() - s);
    const after = meter.snapshot();
    requests.push(after.calls - before.calls);
    readUnits.push(after.readUnits - before.readUnits);
  }

  // Writes: new claims indexed through `add`, as triage and publishing do (statements past the loaded ones).
  const fresh = corpus(options.adds, 10_000_000 + seed);
  const writeUnits: number[] = [];
  const writeRequests: number[] = [];
  for (const [i, t] of fresh.entries()) {
    const before = meter.snapshot();
    await index.add(entry(`new${i}`, t));
    const after = meter.snapshot();
    writeUnits.push(after.writeUnits - before.writeUnits);
    writeRequests.push(after.calls - before.calls);
  }
  return [
    label,
    `${f(mean(requests), 1)} (max ${Math.max(...requests)})`,
    `${f(mean(readUnits), 1)} (max ${f(Math.max(...readUnits), 1)})`,
    `${f(pct(latency, 50), 1)} / ${f(pct(latency, 99), 1)}`,
    `${f(pct(base, 50), 1)} / ${f(pct(base, 99), 1)}`,
    `${f(pct(latency, 50) / pct(base, 50), 1)} / ${f(pct(latency, 99) / pct(base, 99), 1)}`,
    `${f(mean(writeRequests), 1)} / ${f(mean(writeUnits), 1)} (max ${f(Math.max(...writeUnits), 0)})`,
  ];
}

/** The section's text: a table of requests, read units and latency per lookup and write cost per indexed claim, by size. */
export async function measureMatchingScale(options: MatchingScaleOptions): Promise<string> {
  const { sizes: SIZES, lookups: LOOKUPS, adds: ADDS } = options;
  const rows: string[][] = [];
  if (SIZES.length > 0) {
    const [dynamo, template] = await Promise.all([
      options.endpoint ? { endpoint: options.endpoint, stop: async () => {} } : startDynamoDbLocal(),
      synthesizeTemplate(),
    ]);
    const client = localClient(dynamo.endpoint);
    try {
      for (const size of SIZES) {
        const tableName = `bench-matching-${size}`;
        await ensureTable(client, template, tableName);
        const texts = corpus(size, 0);
        const t0 = Date.now();
        const items = bulkIndexItems(texts.map((t, i) => entry(`d${i}`, t)));
        const writer = new BatchWriter(createDocumentClient(client), tableName, 8);
        writer.add(items);
        await writer.waitBelow(0);
        console.error(`loaded ${size} verdicts (${items.length} items) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
        rows.push(await measureTable(client, tableName, texts, size.toLocaleString('en'), size, options));
      }
    } finally {
      client.destroy();
      await dynamo.stop();
    }
  }
  const pre = options.preloaded;
  if (pre) {
    const client = localClient(pre.endpoint);
    try {
      rows.push(await measureTable(client, pre.tableName, pre.texts, pre.label, pre.texts.length, options));
    } finally {
      client.destroy();
    }
  }
  const header = [
    'index entries',
    'requests per lookup',
    'read units per lookup',
    'lookup p50 / p99 ms',
    'baseline GetItem p50 / p99 ms',
    'lookup / baseline (p50 / p99)',
    'per indexed claim: requests / write units',
  ];
  const loaded = [...SIZES.map((n) => `${n.toLocaleString('en')} verdicts`), ...(pre ? [pre.label] : [])];
  return [
    `Similar-claim index at scale: ${loaded.join(' / ')} (BENCH_MATCHING_SIZES; DynamoDB Local, the synthetic archive of test/bench/claim-corpus.ts, ${LOOKUPS} lookups of \`candidates(…, 25)\` and ${ADDS} adds per size; units as AWS bills them)`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureMatchingScale(matchingScaleOptionsFromEnv()));
