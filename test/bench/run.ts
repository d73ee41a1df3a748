/**
 * `npm run bench`: starts its own local stack (in-memory DynamoDB Local, local Step Functions, the API on
 * @hono/node-server), measures, prints a table and writes BENCHMARKS.md. Every timing is reported as a
 * ratio against a baseline measured in the same run on the same stack; nothing here asserts a timing.
 *
 * Environment: BENCH_CONNECTIONS (10), BENCH_DURATION seconds (10), BENCH_COLD_RUNS (15), BENCH_CLAIMS (200);
 * BENCH_COLD_PROFILE=DIR (one more, untimed, cold start of each function writes a CPU profile into DIR);
 * the similar-claim index at scale: BENCH_MATCHING_SIZES (1000,10000,50000), BENCH_MATCHING_LOOKUPS (200),
 * BENCH_MATCHING_ADDS (100); the claims the table already holds when the cost section runs: BENCH_STORED_CLAIMS
 * (50000, stored-claims.ts); the throughput comparison: BENCH_BASELINE_COMMIT (5f33190), BENCH_THROUGHPUT_ROUNDS (3).
 * BENCH_ONLY=part,part runs only those parts: overhead, cold, cost, throughput, documents, matching, listings.
 */
// First: the log level must be in the environment before the logger is built (see quiet-logs.ts).
import './quiet-logs.ts';
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import { startBenchStack } from './bench-stack.ts';
import { measureApiOverhead, type OverheadResult } from './api-overhead.ts';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { measureColdStarts, synthesizeDeployedFunctions, type ColdStartRun } from './cold-start.ts';
import { measureTriage, type TriageBench } from './triage.ts';
import { documentSection, measureDocumentTriage } from './documents.ts';
import { documentCostSection, measureDocumentCost } from './document-cost.ts';
import { measureCostPerClaim, type PathCost } from './cost.ts';
import { fixedMonthlyCost } from './fixed-cost.ts';
import { PRICES } from './prices.ts';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { compareThroughput, DEFAULT_BASELINE_COMMIT, type ThroughputComparison } from './throughput-compare.ts';
import { loadStoredClaims, type StoredClaimsLoad } from './stored-claims.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { matchingScaleOptionsFromEnv, measureMatchingScale } from './matching-scale.ts';
import { measureListings, type ListingBench } from './listings.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const COLD_RUNS = Math.max(5, Number(process.env.BENCH_COLD_RUNS ?? 15));
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 200);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const STORED_CLAIMS = Math.max(0, Number(process.env.BENCH_STORED_CLAIMS ?? 50_000));
const BASELINE_COMMIT = process.env.BENCH_BASELINE_COMMIT ?? DEFAULT_BASELINE_COMMIT;
const THROUGHPUT_ROUNDS = Math.max(1, Number(process.env.BENCH_THROUGHPUT_ROUNDS ?? 3));

const TARGETS = {
  throughputRatio: 0.85,
  p99Ratio: 1.3,
  coldStartRatio: 1.3,
  happyTransitions: 5,
  happyDollarsPer1000: 0.2,
  happyDynamoRequests: 30,
  throughputTimeRatio: 0.6,
  pageRequests: 2,
};

/** The newsroom the fixed-cost comparison is stated for, and the log volume it is stated at. */
const NEWSROOM = { claimsPerDay: 100, logBytesPerClaim: 8 * 1024, logBytesPerScheduledRun: 600, scheduledRunMs: 20 };

const f = (n: number, d = 2) => n.toFixed(d);
const kb = (b: number) => `${f(b / 1024, 1)} KB`;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

function table(header: string[], rows: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function overheadSection(results: OverheadResult[]): string {
  const rows = results.map((r) => [
    r.route,
    `${f(r.baseline.requestsPerSecond, 0)} / ${f(r.app.requestsPerSecond, 0)}`,
    f(r.app.requestsPerSecond / r.baseline.requestsPerSecond),
    `${f(r.baseline.p50, 1)} / ${f(r.app.p50, 1)}`,
    f(r.app.p50 / Math.max(r.baseline.p50, 1)),
    `${f(r.baseline.p99, 1)} / ${f(r.app.p99, 1)}`,
    f(r.app.p99 / Math.max(r.baseline.p99, 1)),
    `${r.baseline.non2xx + r.baseline.errors} / ${r.app.non2xx + r.app.errors}`,
    `${verdict(r.app.requestsPerSecond / r.baseline.requestsPerSecond >= TARGETS.throughputRatio)}, ${verdict(r.app.p99 / Math.max(r.baseline.p99, 1) <= TARGETS.p99Ratio)}`,
  ]);
  return [
    `### 1. API overhead (autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} alternating rounds of baseline then app, means)`,
    '',
    table(
      [
        'route',
        'req/s baseline / app',
        'throughput ratio',
        'p50 ms b / a',
        'p50 ratio',
        'p99 ms b / a',
        'p99 ratio',
        'non-2xx+errors b / a',
        'targets (≥ 0.85×, p99 ≤ 1.3×)',
      ],
      rows,
    ),
    '',
    'What the app does per request that the baseline does not: secure headers, the runtime and content-type middlewares, the per-key rate limiter, zod validation of path, headers and body (POST), the view mapping and the problem/JSON serialization. On 2 shared cores every CPU microsecond the app spends is taken from DynamoDB Local (Java) and autocannon, which serve the same request, so CPU overhead shows up here as lost throughput more than it would on Lambda, where the function has its CPU to itself and DynamoDB is remote. This benchmark does not break the overhead down further (a CPU profile of the app under load is the next step).',
    '',
    "Baseline: a bare `node:http` server making the same SDK calls (GET: GetItem API key + BatchGetItem principal + Query latest verdict; POST: the same authentication, TransactWriteItems, StartExecution, TransactWriteItems, consistent GetItem). POST: both the app and the baseline send StartExecution to a stub Step Functions endpoint that runs nothing, so thousands of POSTs do not start thousands of local workflows inside the process under test. autocannon runs in its own process but on the same 2 cores as the servers and DynamoDB Local. Latencies are autocannon's whole-millisecond figures; a ratio is taken over at least 1 ms.",
  ].join('\n');
}

function coldSection(run: ColdStartRun): string {
  const { results } = run;
  const dynamoFloor = results[0]!;
  const honoFloor = results[1]!;
  const rows = results.map((r) => [
    r.name,
    kb(r.startupBytes),
    kb(r.codeBytes),
    f(r.medianMs, 1),
    f(r.medianMs / dynamoFloor.medianMs),
    f(r.medianMs / honoFloor.medianMs),
    r.firstEventOutcome,
    r.kind === 'floor' ? '' : verdict(r.medianMs / dynamoFloor.medianMs <= TARGETS.coldStartRatio),
  ]);
  const fns = results.filter((r) => r.kind === 'function');
  const met = fns.filter((r) => r.medianMs / dynamoFloor.medianMs <= TARGETS.coldStartRatio).length;
  return [
    `### 2. Cold start (median of ${run.runs} fresh processes each, interleaved; import + first event)`,
    '',
    table(
      [
        'bundle',
        'JS read at start',
        'JS in asset',
        'median ms',
        'ratio vs minimal DynamoDB',
        'ratio vs minimal Hono',
        'first event',
        `target ≤ ${TARGETS.coldStartRatio}× minimal DynamoDB`,
      ],
      rows,
    ),
    '',
    `Targets: every function at most ${TARGETS.coldStartRatio}× the minimal DynamoDB handler — ${met} of ${fns.length} met. The minimal Hono app is ${f(honoFloor.medianMs / dynamoFloor.medianMs)}× the minimal DynamoDB handler in this run (the framework floor). Load average (1 min) on the 2 shared cores: ${f(run.load.before, 1)} before, ${f(run.load.after, 1)} after.`,
    '',
    "Measured on the assets CDK builds: the app is synthesized (prod stage) with bundling on, and each function's `index.mjs` is run from its `cdk.out` asset directory, with no node_modules beside it (the AWS SDK is in the bundle, as deployed). The two floors are bundled by the same code (infra/constructs/bundling.ts). Each process gets the function's literal environment from the template and `AWS_LAMBDA_LOG_LEVEL` from its log level (INFO in prod, so no source maps are applied); tracing is off, as for the floors (no X-Ray daemon here; on Lambda with active tracing the tracer is loaded at the first invocation, while the secret is read). \"JS read at start\" is main.mjs plus the chunks it imports statically; the rest of the asset (the Step Functions client, the tracer, the secrets reader, credential providers) is in chunks a cold start reads only if it calls them. First events: the API answers GET /claims/{id}/verdict for a published claim (authenticate + query); each workflow function is sent a claim id that does not exist (it loads the claim with one GetItem and throws not found), so every bundle pays its import, its configuration and one DynamoDB round trip, like the floors. The triage function's first event therefore does not score a claim: the model's load and scoring are measured in the triage section.",
  ].join('\n');
}

function triageSection(t: TriageBench, cold: ColdStartRun): string {
  const floor = cold.results[0]!;
  const fn = cold.results.find((r) => r.entry === 'functions/workflow/triage.ts');
  const probe = cold.results.find((r) => r.kind === 'probe');
  const rows: Array<Array<string | number>> = [
    ['asset: JavaScript / model files', `${kb(t.codeBytes)} / ${kb(t.modelBytes)} (${t.modelFiles} files)`, '', ''],
    [
      'model load (read + parse, once per cold start)',
      `${f(t.loadMs, 1)} ms`,
      `reading the same bytes: ${f(t.readMs, 1)} ms`,
      f(t.loadMs / Math.max(t.readMs, 0.01)),
    ],
    [
      'warm scoring of one claim (language + model)',
      `${f(t.scoreMsPerClaim, 3)} ms`,
      `one warm GetItem: ${f(t.getItemMs, 2)} ms`,
      f(t.scoreMsPerClaim / t.getItemMs),
    ],
  ];
  if (fn)
    rows.push([
      'cold start, import + first event (claim not found: no scoring)',
      `${f(fn.medianMs, 1)} ms`,
      `minimal DynamoDB handler: ${f(floor.medianMs, 1)} ms`,
      f(fn.medianMs / floor.medianMs),
    ]);
  if (probe)
    rows.push([
      'cold start, import + model load + one claim scored (fresh process)',
      `${f(probe.medianMs, 1)} ms`,
      `minimal DynamoDB handler: ${f(floor.medianMs, 1)} ms`,
      f(probe.medianMs / floor.medianMs),
    ]);
  return [
    '### 2b. The triage function (issue #12)',
    '',
    table(['what', 'measured', 'baseline (same run)', 'ratio'], rows),
    '',
    `Medians of ${cold.runs} rounds. Warm scoring over ${t.claims} sentences of our own fixture articles (a speed measure, not a quality one); the issue's target is at most 5 ms a claim — ${verdict(t.scoreMsPerClaim <= 5)} (${f(t.scoreMsPerClaim, 3)} ms). The model files are the triage asset's (CDK copies them from shared/models/check-worthiness/); the function reads them on the first claim it scores, not at import. Language detection's n-gram table is parsed on the first detection too (infra/constructs/bundling.ts), included in the scoring probe.`,
  ].join('\n');
}

function costSection(paths: PathCost[], template: CloudTemplate, stored: StoredClaimsLoad | undefined): string {
  const rows = paths.map((p) => [
    p.path,
    p.finalStatus,
    p.transitions,
    `${p.expressRequests} (${f(p.expressGbSeconds, 4)} GB-s)`,
    `${p.lambdaInvocations} (${p.apiRequests} API)`,
    f(p.gbSeconds, 4),
    f(p.readUnits, 1),
    f(p.writeUnits, 1),
    f(p.correctionUnits, 1),
    p.dynamoRequests,
    `$${f(p.breakdownPer1000.stepFunctions, 4)}`,
    `$${f(p.breakdownPer1000.lambda, 4)}`,
    `$${f(p.breakdownPer1000.dynamodb, 4)}`,
    `**$${f(p.dollarsPer1000, 4)}**`,
  ]);
  const happy = paths[0]!;
  const fixed = fixedMonthlyCost({ template, ...NEWSROOM });
  const perMonthClaims = NEWSROOM.claimsPerDay * 30;
  const variable = (happy.dollarsPer1000 * perMonthClaims) / 1000;
  return [
    '### 3. Cost per claim (counted, one claim per path)',
    '',
    table(
      [
        'path',
        'final status',
        'billed Standard transitions',
        'Express executions',
        'Lambda invocations',
        'GB-s',
        'RRU',
        'WRU',
        'of which added (not reported by DynamoDB Local)',
        'DynamoDB requests',
        'Step Functions /1000',
        'Lambda /1000',
        'DynamoDB /1000',
        'total per 1,000 claims',
      ],
      rows,
    ),
    '',
    `Where the happy path's request units go: ${happy.unitsByOperation.map((o) => `${o.operation.replace(/Command$/, '')} ${f(o.units, 1)}`).join(', ')}. The claim item ends at about ${kb(happy.claimItemBytes)}: the triage result and the ranked evidence are written once to a separate details item, because every status update rewrites the whole claim item, which costs one WRU per KB on the table and again on each of gsi1 and gsi2 (both project ALL, and the claim carries keys for both), and twice that inside a transaction. The similar-claim index (shared/adapters/dynamodb/similar-claim-index.ts) writes one Put and one BatchExecuteStatement (a PartiQL statement per distinct term and one for the stats, chosen from what triage's lookup read of the shards) when triage indexes a claim, and one Put when its verdict is published (the entry is promoted, not re-indexed). The listing month index (partitions.ts) is written once per listing, month and process: the warm-up claim wrote it here, so these rows hold none of it; a fresh process adds up to three Puts (the submitter's, the tag's and the published status's month) and one UpdateItem per tag (the tag's month set).`,
    '',
    `Of the happy path's $${f(happy.dollarsPer1000, 4)}: Step Functions $${f(happy.breakdownPer1000.stepFunctions, 4)} (${happy.transitions} Standard transitions at $0.025 per 1,000 and ${happy.expressRequests} Express execution of the automated steps, ${f(happy.expressGbSeconds, 4)} GB-s — ${f((happy.breakdownPer1000.stepFunctions / TARGETS.happyDollarsPer1000) * 100, 0)}% of the $${f(TARGETS.happyDollarsPer1000)} budget), DynamoDB $${f(happy.breakdownPer1000.dynamodb, 4)}, Lambda $${f(happy.breakdownPer1000.lambda, 4)}.`,
    '',
    `Targets (happy path): ≤ ${TARGETS.happyTransitions} billed Standard transitions — ${verdict(happy.transitions <= TARGETS.happyTransitions)} (${happy.transitions}); ≤ $${f(TARGETS.happyDollarsPer1000)} per 1,000 claims — ${verdict(happy.dollarsPer1000 <= TARGETS.happyDollarsPer1000)} ($${f(happy.dollarsPer1000, 4)}); ≤ ${TARGETS.happyDynamoRequests} DynamoDB requests — ${verdict(happy.dynamoRequests <= TARGETS.happyDynamoRequests)} (${happy.dynamoRequests}).`,
    '',
    'Counted as AWS bills, not as DynamoDB Local reports: the meter (test/bench/capacity.ts) adds the minimum read (1 RRU strongly consistent, 0.5 eventually) for every GetItem that finds nothing and every empty Query, the same minimum for each BatchGetItem key that is missing or comes back unprocessed (it must be asked again), 1 WRU for each write refused by its condition (a refused PartiQL statement too) and 2 WRU per item of a cancelled transaction, and bills each PartiQL statement of a BatchExecuteStatement as the single-item write it is (1 WRU per KB of the item it writes). DynamoDB Local answers all of these with 0 or with no capacity at all; the column "of which added" is that difference.',
    '',
    storedClaimsText(stored),
    '',
    `Requests by operation on the happy path: ${happy.requestsByOperation.map((o) => `${o.operation.replace(/Command$/, '')} ${o.calls}`).join(', ')}.`,
    '',
    `#### Fixed monthly cost of a deployment (from the synthesized template)`,
    '',
    table(
      ['item', 'quantity', 'per month'],
      [...fixed.lines.map((l) => [l.item, l.quantity, `$${f(l.dollarsPerMonth, 2)}`]), ['**total fixed**', '', `**$${f(fixed.total, 2)}**`]],
    ),
    '',
    `For a newsroom checking ${NEWSROOM.claimsPerDay} claims a day (${perMonthClaims.toLocaleString('en')} a month, all on the happy path): $${f(variable, 2)} a month per claim against $${f(fixed.total, 2)} fixed — the fixed part is ${f((fixed.total / (fixed.total + variable)) * 100, 0)}% of the bill. Log volume is stated, not measured (the bench logs at ERROR): ${NEWSROOM.logBytesPerClaim / 1024} KB of structured logs and Step Functions execution events per claim. Prices: alarms $0.10, dashboard $3.00, secret $0.40, KMS key $1.00 a month, log ingestion $0.50 per GB; free tiers ignored; X-Ray traces, custom metrics and storage not included.`,
    '',
    `Prices (AWS list prices, ${PRICES.region}, checked ${PRICES.checkedOn}): Step Functions Standard $0.025 per 1,000 state transitions, Express $1.00 per 1M requests and $0.06 per GB-hour (first 1,000 GB-hours a month); Lambda arm64 $0.20 per 1M requests and $0.0000133334 per GB-s; DynamoDB on-demand $0.625 per million write request units and $0.125 per million read request units. API Gateway HTTP API ($1.00 per million requests) is outside the target: $${f(happy.httpApiPer1000, 4)} per 1,000 claims on the happy path.`,
    '',
    "How counted: Standard transitions are the `*StateEntered` events of the claim's execution history (AWS bills every state entered, Map iterations included, and each retry; no retries happened in this run). The automated steps (triage, evidence gathering, recording) run in an Express child execution started synchronously (`states:startExecution.sync:2`), billed per request and per GB-second: its duration from start to end rounded up to 100 ms, times its memory in 64 MB steps (AWS's estimate: 50 MB + definition size + execution data × Map steps, here 64 MB); the Lambda time inside it is billed again as Lambda. Lambda: every workflow-function invocation timed in-process plus every API request (the API Lambda) timed around `app.fetch`, rounded up to 1 ms and multiplied by the function's MemorySize from the synthesized template; warm invocations on this machine, so no cold-start init time (Lambda bills that too on managed runtimes since 2025), and a callback Task bills only its own run, not the wait. DynamoDB: request units from `ConsumedCapacity`, returned by DynamoDB Local for every call (middleware adding `ReturnConsumedCapacity: TOTAL` to the real clients), so GSI writes and the 2× of transactions are included. The evidence providers are the default deployment's (archive + MediaWiki), with MediaWiki served by a local fixture. Not included: CloudWatch Logs ingestion, X-Ray traces, Secrets Manager calls (one per cold start), data transfer, storage.",
  ].join('\n');
}

function storedClaimsText(stored: StoredClaimsLoad | undefined): string {
  if (!stored) return "Stored claims: none loaded (BENCH_STORED_CLAIMS=0): the table holds only the bench's own claims.";
  return `Stored claims: the table already holds ${stored.claims.toLocaleString('en')} claims when the warm-up claim is submitted (BENCH_STORED_CLAIMS; #16's target is stated at 50,000), ${stored.indexed.toLocaleString('en')} of them in the similar-claim index (verdicts and claims past triage), loaded in ${f(stored.seconds, 1)} s as ${stored.items.toLocaleString('en')} items written with BatchWriteItem through the repositories' item builders (test/bench/stored-claims.ts: the synthetic archive of claim-corpus.ts, 60% published over two years, one trail event each). Triage's and the archive provider's lookups therefore read posting shards as full as a desk's archive makes them, and the archive provider reads the verdicts it finds.`;
}

function throughputSection(c: ThroughputComparison): string {
  const row = (side: string, r: ThroughputComparison['rounds'][number]['baseline'], n: number) => [
    n,
    side,
    r.accepted,
    Object.entries(r.retried ?? {})
      .map(([why, k]) => `${k} × ${why}`)
      .join(', ') || '–',
    Object.entries(r.refused)
      .map(([why, k]) => `${k} × ${why}`)
      .join(', ') || '–',
    r.reachedAwaitingReview,
    r.lost,
    Object.entries(r.failures)
      .map(([why, k]) => `${k} ${why}`)
      .join(', ') || '–',
    r.duplicatedClaims,
    r.duplicatedReviewRequests,
    `${f(r.seconds, 1)} s`,
    f(r.claimsPerSecond, 1),
  ];
  const submitted = c.rounds[0]?.current.submitted ?? 0;
  return [
    `### 4. Workflow throughput: ${submitted} claims submitted at once, this tree against ${c.baselineCommit} (${c.rounds.length} alternating rounds)`,
    '',
    table(
      [
        'round',
        'tree',
        'accepted (202)',
        'retried after Retry-After (status, problem)',
        'refused after retries',
        'reached awaiting review',
        'lost',
        'why lost',
        'duplicated claims',
        'duplicated review requests',
        'time',
        'claims/s',
      ],
      c.rounds.flatMap((r, k) => [row(`baseline ${c.baselineCommit}`, r.baseline, k + 1), row(`current ${c.currentCommit}`, r.current, k + 1)]),
    ),
    '',
    `Median time to review: ${f(c.currentMedianSeconds, 1)} s now against ${f(c.baselineMedianSeconds, 1)} s at ${c.baselineCommit}: **${f(c.ratio)}×** the baseline's time. Target (#16): at most ${TARGETS.throughputTimeRatio}× today's time in the same run — ${verdict(c.ratio <= TARGETS.throughputTimeRatio)}.`,
    '',
    `The baseline is ${c.baselineCommit}${c.baselineCommit.startsWith(DEFAULT_BASELINE_COMMIT) ? ", the last commit before #16's work (its first commit, 7f3f46f, is the AWS-bills meter; the request cuts and the Express child came after it)" : ''}, checked out in a temporary git worktree that uses this tree's node_modules (BENCH_BASELINE_COMMIT). Each round is a fresh process per tree with a fresh local stack (test/bench/throughput-round.ts): the same measuring code, evidence fixture and reviewer endpoint, 5 warm-up claims first, then the claims at once, timed from the first submission until every claim has its review request or its execution has ended without one (a lost claim; "why lost" gives the execution's status and error). The submitter retries as a well-behaved client does (the typed client's rule, client/retry.ts): a 503 or 429 with a Retry-After of at most 20 s is sent again after that wait with the same Idempotency-Key, up to 6 attempts, and the wait is part of the time; "retried" counts those answers by status and problem, "refused" the submissions still not answered 202 after them (counted as lost). So both trees are timed over the same claims, and load a stack sheds costs it time, not count. Rounds alternate baseline and current so that the machine's load drifts over both alike (BENCH_THROUGHPUT_ROUNDS). Each claim is distinct (triage finds no duplicates) and goes through triage, evidence gathering (archive + MediaWiki fixture) and RequestReview, whose signed review request the reviewer endpoint accepts. All of it runs in one Node process on the same 2 cores (the API, the local Step Functions and every Lambda handler), so the times are a floor for this machine, not a prediction for AWS, where each Lambda runs in its own sandbox; the ratio is what the target is about.`,
  ].join('\n');
}

function listingsSection(b: ListingBench): string {
  const rows = b.rows.map((r) => [
    r.table === 'busy' ? `busy (${b.storedClaims.toLocaleString('en')} claims)` : `sparse (${b.sparseClaims} claims)`,
    r.listing,
    r.pages,
    r.items,
    r.firstPageRequests,
    r.pages > 1 ? r.laterPageMaxRequests : '',
    f(r.readUnitsPerPage, 1),
    f(r.pageMs / b.getItemMedianMs, 1),
    verdict(r.firstPageRequests <= TARGETS.pageRequests && r.laterPageMaxRequests <= TARGETS.pageRequests),
  ]);
  const over = b.rows.filter((r) => r.firstPageRequests > TARGETS.pageRequests || r.laterPageMaxRequests > TARGETS.pageRequests);
  return [
    `### 7. Listings and the feed: DynamoDB requests a page (${20} items a page, up to 8 pages walked with \`next\`)`,
    '',
    table(
      [
        'table',
        'listing',
        'pages',
        'items',
        'requests, first page',
        'requests, later pages (most)',
        'RRU a page (mean, as AWS bills)',
        'page time (median, × one GetItem)',
        `target (≤ ${TARGETS.pageRequests} a page)`,
      ],
      rows,
    ),
    '',
    `Target (#16): every listing and the feed at most ${TARGETS.pageRequests} requests a page whatever the gap — ${over.length === 0 ? 'met on every row' : `**not met** on ${over.length} of ${b.rows.length} rows (${over.map((r) => `${r.table}: ${r.listing}`).join('; ')})`}.`,
    '',
    `Walked through the repositories the API's handlers call (test/bench/listings.ts), on a metered client; the API adds its authentication read to each request (one GetItem of the API key, which carries its principal, as on every route), not counted here. The busy table is the stack's own, holding the stored claims of section 3 (every tag, submitter and status has claims in every month of two years, and the feed has changes every day). The sparse table holds ${b.sparseClaims} claims loaded the same way over the same two years, about four months apart, so every walk there crosses quiet months (listings) and quiet days (the feed); its \`environment\` tag has no claim in the last year, so its first page in a fresh process starts at the current month, finds it empty and reads the newest month its month set names (4 requests, partitions.ts); the rows of one table run in the order shown in one process (one repository, as a warm API function serves them), so a tag's first page may start where an earlier row left the tag's month set (the "up to 200 days ago" rows follow the tag's own), and the rows marked "again" list each tag a second time. A page's time is its median over the pages walked, divided by the median of 20 GetItems of a missing key on the same client (${f(b.getItemMedianMs, 2)} ms here): the floor of any page.`,
  ].join('\n');
}

async function main() {
  const started = new Date();
  // DynamoDB Local keeps every stored claim in its heap: the default 256 MB would spend the load in GC.
  process.env.JAVA_TOOL_OPTIONS ??= '-Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1';
  console.log('factflow benchmarks: starting the local stack ...');
  const { template, evidence, reviewer, stack } = await startBenchStack({ RATE_LIMIT_PER_MINUTE: '100000000' });
  const sections: string[] = [];
  try {
    // BENCH_ONLY=cost,throughput runs only those parts (the API overhead and cold starts need the cost
    // part's published claim, so asking for them runs it too).
    const only = new Set((process.env.BENCH_ONLY ?? 'overhead,cold,cost,throughput,documents,matching,listings').split(',').map((s) => s.trim()));
    const wants = (part: string) => only.has(part);
    let publishedClaimId = '';
    let stored: StoredClaimsLoad | undefined;
    if (STORED_CLAIMS > 0 && ['cost', 'overhead', 'cold', 'documents', 'matching', 'listings'].some(wants)) {
      console.log(`0. loading ${STORED_CLAIMS.toLocaleString('en')} stored claims ...`);
      const client = new DynamoDBClient({
        endpoint: stack.dynamoEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 8,
      });
      stored = await loadStoredClaims({ doc: createDocumentClient(client), tableName: stack.tableName }, STORED_CLAIMS);
      client.destroy();
      console.log(`   ${stored.items.toLocaleString('en')} items in ${f(stored.seconds, 1)} s`);
    }
    if (wants('cost') || wants('overhead') || wants('cold')) {
      console.log('3. cost per claim ...');
      const cost = await measureCostPerClaim(stack, template, reviewer);
      publishedClaimId = cost.publishedClaimId;
      if (wants('overhead')) {
        console.log('1. API overhead ...');
        sections.push(
          overheadSection(await measureApiOverhead(stack, publishedClaimId, { connections: CONNECTIONS, durationSeconds: DURATION, rounds: ROUNDS })),
        );
      }
      if (wants('cold')) {
        console.log('2. cold starts ...');
        console.log('   synthesizing with bundling (the assets CDK deploys) ...');
        const deployed = await synthesizeDeployedFunctions();
        const cold = await measureColdStarts(stack, deployed, publishedClaimId, COLD_RUNS);
        sections.push(coldSection(cold));
        const triage = deployed.find((fn) => fn.entry === 'functions/workflow/triage.ts');
        if (triage?.environment.FACTFLOW_TRIAGE_MODEL_DIR) {
          console.log('2b. triage model ...');
          const dynamo = new DynamoDBClient({
            endpoint: stack.dynamoEndpoint,
            region: 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          });
          const bench = await measureTriage({
            assetDir: triage.assetDir,
            modelDir: triage.environment.FACTFLOW_TRIAGE_MODEL_DIR,
            dynamo,
            tableName: stack.tableName,
            rounds: COLD_RUNS,
          });
          sections.push(triageSection(bench, cold));
        }
      }
      if (wants('cost')) sections.push(costSection(cost.paths, template, stored));
    }
    if (wants('throughput')) {
      console.log(`4. workflow throughput (${CLAIMS} claims, ${THROUGHPUT_ROUNDS} rounds against ${BASELINE_COMMIT}) ...`);
      sections.push(
        throughputSection(
          await compareThroughput({ repositoryRoot, baselineCommit: BASELINE_COMMIT, rounds: THROUGHPUT_ROUNDS, claims: CLAIMS, log: console.log }),
        ),
      );
    }
    if (wants('documents')) {
      console.log('5. document triage ...');
      const documents = await measureDocumentTriage({
        matcher: stack.runtime.documents.matcher,
        label: stored
          ? `the local stack's similar-claim index in DynamoDB Local, holding its ${stored.claims.toLocaleString('en')} stored claims (${stored.indexed.toLocaleString('en')} indexed) and the claims submitted by the runs above`
          : "the local stack's similar-claim index in DynamoDB Local, holding the claims submitted by the runs above",
      });
      sections.push(documentSection(documents));
      console.log('5b. cost per document ...');
      sections.push(documentCostSection(await measureDocumentCost(stack, template)));
    }
    if (wants('matching')) {
      // Its own DynamoDB Local (a table per size, up to 50,000 verdicts), apart from the stack's.
      const options = matchingScaleOptionsFromEnv();
      if (stored) {
        // The stack's stored claims are the largest row: measured where they are, not loaded a second time.
        options.sizes = options.sizes.filter((n) => n < stored.claims);
        options.preloaded = {
          endpoint: stack.dynamoEndpoint,
          tableName: stack.tableName,
          texts: stored.indexedTexts,
          label: `${stored.indexed.toLocaleString('en')} entries (the stack's ${stored.claims.toLocaleString('en')} stored claims)`,
        };
      }
      console.log(`6. similar-claim index at ${options.sizes.join(' / ')}${stored ? ' + the stored claims' : ''} ...`);
      sections.push(`### 6. ${await measureMatchingScale(options)}`);
    }
    if (wants('listings')) {
      console.log('7. listings and the feed ...');
      sections.push(
        listingsSection(await measureListings({ endpoint: stack.dynamoEndpoint, tableName: stack.tableName, template, storedClaims: stored?.claims ?? 0 })),
      );
    }
  } finally {
    await stack.stop();
    await reviewer.stop();
    await evidence.close();
  }

  const cpuList = cpus();
  const machine = `${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}, ${f(totalmem() / 2 ** 30, 1)} GiB memory, ${platform()} ${release()} ${arch()}, Node ${process.version}`;
  const doc = [
    '# Benchmarks',
    '',
    `Run on ${started.toISOString()} — ${machine}.`,
    '',
    `Reproduce: \`npm run bench\` (needs Java 17+ for DynamoDB Local; took ${f((Date.now() - started.getTime()) / 60_000, 1)} minutes this time). It starts its own local stack with an in-memory DynamoDB Local and never runs inside \`npm test\`. Knobs: \`BENCH_STORED_CLAIMS\` (50000, the claims the table holds before the cost section), \`BENCH_CONNECTIONS\` (10), \`BENCH_DURATION\` seconds (10), \`BENCH_COLD_RUNS\` (15), \`BENCH_COLD_PROFILE\` (a folder: one more, untimed, cold start of each function writes a CPU profile there), \`BENCH_CLAIMS\` (200), \`BENCH_ROUNDS\` (2), \`BENCH_BASELINE_COMMIT\` (${DEFAULT_BASELINE_COMMIT}) and \`BENCH_THROUGHPUT_ROUNDS\` (3) for section 4; section 6 (the similar-claim index at 1,000 and 10,000 entries, and the stored claims) \`BENCH_MATCHING_SIZES\`, \`BENCH_MATCHING_LOOKUPS\` (200), \`BENCH_MATCHING_ADDS\` (100).`,
    '',
    'These machines are noisy and shared: every timing below is a ratio against a baseline measured in the same run on the same stack, and the absolute numbers are given only to show what the ratios are made of.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  console.log(`\n${doc}`);
  // A partial run (BENCH_ONLY) prints its sections but leaves BENCHMARKS.md to full runs.
  if (process.env.BENCH_ONLY === undefined) {
    writeFileSync(path.join(repositoryRoot, 'BENCHMARKS.md'), doc);
    console.log('Written to BENCHMARKS.md');
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
