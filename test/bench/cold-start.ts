/**
 * Cold start: every deployed function's asset exactly as CDK builds it (the app synthesized with bundling on, so
 * infra/constructs/bundling.ts runs as in `cdk deploy`), beside two floors bundled by the same code: a minimal
 * handler that constructs a DynamoDBClient and does one GetItem, and a minimal Hono app (hono/aws-lambda, one
 * route doing one GetItem). Each is imported and sent one event in a fresh Node process, with the function's
 * environment from the template (its log level as Lambda sets AWS_LAMBDA_LOG_LEVEL; the prod stage, INFO); the
 * time from before the import to the first answer is measured inside the process (the Node start itself, the
 * same for all, is left out). Runs are interleaved (round r runs every target once) so that the machine's load
 * falls on all of them alike.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, LOADER_FILE } from '../../infra/constructs/bundling.ts';
import { ENTRY_METADATA, repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import type { LocalStack } from '../../infra/local/stack.ts';

export interface ColdStartResult {
  name: string;
  entry: string;
  bundleBytes: number;
  medianMs: number;
  runsMs: number[];
  firstEventOutcome: string;
  /** Bytes of the asset's JavaScript read at a cold start without lazy parts (main.mjs and the chunks it imports statically). */
  startupBytes: number;
  /** Bytes of all the asset's JavaScript (lazily loaded chunks included; source maps and data files excluded). */
  codeBytes: number;
  /** `floor` for the two baselines, `probe` for a generated entry measuring one path (the triage scoring). */
  kind: 'floor' | 'function' | 'probe';
}

export interface ColdStartRun {
  results: ColdStartResult[];
  /** 1-minute load average before and after the measurement. */
  load: { before: number; after: number };
  runs: number;
}

const MINIMAL_DYNAMODB = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  const out = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'COLD#start' }, sk: { S: '#COLD' } } }));
  return { found: Boolean(out.Item) };
};
`;

const MINIMAL_HONO = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const client = new DynamoDBClient({});
const app = new Hono();
app.get('/claims/:id/verdict', async (c) => {
  const out = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'CLAIM#' + c.req.param('id') }, sk: { S: '#CLAIM' } } }));
  return c.json({ found: Boolean(out.Item) });
});
export const handler = handle(app);
`;

const HARNESS = `
const t0 = performance.now();
const mod = await import(process.argv[2]);
const event = JSON.parse(process.argv[3]);
let outcome = 'ok';
try {
  const result = await mod.handler(event, { awsRequestId: 'cold-start', functionName: 'bench', getRemainingTimeInMillis: () => 30000 });
  if (result && typeof result === 'object' && 'statusCode' in result) outcome = 'HTTP ' + result.statusCode;
} catch (err) {
  outcome = 'threw ' + (err && err.name);
}
const t1 = performance.now();
process.stdout.write(JSON.stringify({ ms: t1 - t0, outcome }) + '\\n');
process.exit(0);
`;

/** The JavaScript a cold start reads: main.mjs and, transitively, the chunks it imports statically (`import ... from "./chunks/..."`). */
function startupBytes(assetDir: string): number {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // Static imports of chunks (minified: from"./chunks/x.mjs" or from"./x.mjs" inside chunks/); dynamic import("...") is left out.
    for (const m of text.matchAll(/(?:^|[;\s}])(?:import|export)[^;(]*?from\s*"(\.{1,2}\/[^"]+\.mjs)"/g)) visit(path.resolve(path.dirname(file), m[1]!));
    for (const m of text.matchAll(/(?:^|[;\s}])import\s*"(\.{1,2}\/[^"]+\.mjs)"/g)) visit(path.resolve(path.dirname(file), m[1]!));
  };
  visit(path.join(assetDir, 'main.mjs'));
  return [...seen].reduce((sum, f) => sum + statSync(f).size, 0);
}

function codeBytes(assetDir: string): number {
  let sum = 0;
  for (const entry of readdirSync(assetDir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.mjs')) sum += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return sum;
}

function runOnce(harness: string, bundle: string, event: unknown, env: NodeJS.ProcessEnv, profileDir?: string): Promise<{ ms: number; outcome: string }> {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', profileDir] : [];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...profile, harness, pathToFileURL(bundle).href, JSON.stringify(event)],
      { env, cwd: path.dirname(bundle) },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${bundle}: ${err.message}\n${stderr}`));
        const line = stdout.trim().split('\n').pop() ?? '';
        resolve(JSON.parse(line) as { ms: number; outcome: string });
      },
    );
  });
}

function apiEvent(claimId: string, key: string) {
  const rawPath = `/claims/${claimId}/verdict`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { authorization: `Bearer ${key}`, host: 'api.example.com', 'user-agent': 'cold-start' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'cold-start' },
      requestId: 'cold-start',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

/** A claim id nobody has: each workflow function loads the claim (one GetItem) and answers not found. */
const ABSENT_CLAIM = '01JCOLDSTART0000000000000Z';

function workflowEvent(entry: string): unknown {
  const name = path.basename(entry, '.ts');
  switch (name) {
    case 'gather-evidence':
      return { claimId: ABSENT_CLAIM, provider: 'archive' };
    case 'record-evidence':
      return { claimId: ABSENT_CLAIM, round: 1, outcomes: [] };
    case 'request-review':
      return { phase: 'request', claimId: ABSENT_CLAIM, taskToken: 'AQcold', round: 1, deadlineSeconds: 60 };
    case 'publish-verdict':
      return { claimId: ABSENT_CLAIM, decision: { decision: 'approve', rating: 'true', summary: 's', reviewers: ['r'] } };
    case 'close-claim':
      return { claimId: ABSENT_CLAIM, outcome: 'failed', reason: 'cold start' };
    case 'record-execution-end':
      // An execution of that claim failed outside a Catch: the function loads the claim (absent) and says so.
      return {
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: { executionArn: `arn:aws:states:us-east-1:000000000000:execution:factflow:${ABSENT_CLAIM}`, name: ABSENT_CLAIM, status: 'FAILED' },
      };
    case 'process-document':
      // A document that is gone: one GetItem, then the function drops the event.
      return { documentId: 'doc_coldstart_absent' };
    default:
      return { claimId: ABSENT_CLAIM };
  }
}

/** Each deployed function's asset directory (as CDK built it), its entry and its literal environment, from the synthesized template. */
export interface DeployedFunction {
  logicalId: string;
  entry: string;
  assetDir: string;
  environment: Record<string, string>;
}

/**
 * Synthesizes the app (prod stage) with bundling on, into a temporary cloud assembly: the assets are what
 * `cdk deploy` would upload.
 */
export async function synthesizeDeployedFunctions(): Promise<DeployedFunction[]> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'factflow-assembly-'));
  const previous = process.env.CDK_OUTDIR;
  process.env.CDK_OUTDIR = outdir;
  try {
    const { buildApp } = await import('../../infra/app.ts');
    const { app, stack } = buildApp({ stage: 'prod' });
    const assembly = app.synth();
    const template = assembly.getStackByName(stack.stackName).template as CloudTemplate;
    const functions: DeployedFunction[] = [];
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const entry = resource.Metadata?.[ENTRY_METADATA];
      const code = resource.Properties?.Code as { S3Key?: unknown } | undefined;
      if (typeof entry !== 'string' || typeof code?.S3Key !== 'string') continue;
      const assetDir = path.join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      const variables = ((resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      const environment: Record<string, string> = {};
      // Literal values only (references to the table, the secret, the state machine are replaced by local ones);
      // /var/task is the function's code root on Lambda, here its asset directory.
      for (const [k, v] of Object.entries(variables)) if (typeof v === 'string') environment[k] = v.replace(/^\/var\/task(?=\/|$)/, assetDir);
      const logLevel = (resource.Properties?.LoggingConfig as { ApplicationLogLevel?: unknown } | undefined)?.ApplicationLogLevel;
      if (typeof logLevel === 'string') environment.AWS_LAMBDA_LOG_LEVEL = logLevel;
      functions.push({ logicalId, entry, assetDir, environment });
    }
    return functions.sort((a, b) => a.entry.localeCompare(b.entry));
  } finally {
    if (previous === undefined) delete process.env.CDK_OUTDIR;
    else process.env.CDK_OUTDIR = previous;
  }
}

export async function measureColdStarts(stack: LocalStack, deployed: DeployedFunction[], publishedClaimId: string, runs: number): Promise<ColdStartRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'factflow-cold-'));
  // The floors' sources import the AWS SDK and hono: resolved from the repository's node_modules at bundling time.
  symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const harness = path.join(dir, 'harness.mjs');
  writeFileSync(harness, HARNESS);
  const floors: Array<{ name: string; source: string; event: unknown }> = [
    { name: 'floor: minimal DynamoDB handler (DynamoDBClient + GetItem)', source: MINIMAL_DYNAMODB, event: {} },
    { name: 'floor: minimal Hono app (one route, one GetItem)', source: MINIMAL_HONO, event: apiEvent(publishedClaimId, stack.keys.partner.key) },
  ];
  const targets: Array<{ name: string; entry: string; assetDir: string; event: unknown; environment: Record<string, string>; kind: ColdStartResult['kind'] }> =
    [];
  for (const [i, floor] of floors.entries()) {
    const source = path.join(dir, `floor${i}.mjs`);
    writeFileSync(source, floor.source);
    const assetDir = path.join(dir, `floor${i}`);
    mkdirSync(assetDir);
    await bundleFunction(repositoryRoot, { entry: source }, assetDir);
    targets.push({ name: floor.name, entry: '(generated)', assetDir, event: floor.event, environment: { AWS_LAMBDA_LOG_LEVEL: 'INFO' }, kind: 'floor' });
  }
  // The triage scoring path in a fresh process: import, the model files' load (from the triage asset, as deployed),
  // one language detection and one score. Bundled by the same code as every function.
  const triage = deployed.find((fn) => fn.entry === 'functions/workflow/triage.ts');
  if (triage?.environment.FACTFLOW_TRIAGE_MODEL_DIR) {
    const source = path.join(dir, 'triage-scoring.ts');
    const from = (file: string) => JSON.stringify(path.join(repositoryRoot, file));
    writeFileSync(
      source,
      [
        `import ${from('shared/adapters/check-worthiness-model.ts')};`,
        `import { scoreCheckWorthiness } from ${from('shared/domain/triage/check-worthiness.ts')};`,
        `import { detectLanguage } from ${from('shared/domain/triage/language.ts')};`,
        `import { normalizeStatement } from ${from('shared/domain/triage/normalize.ts')};`,
        'export const handler = async (event: { statement: string }) => {',
        '  const text = normalizeStatement(event.statement);',
        '  return { score: scoreCheckWorthiness(text, detectLanguage(text).code).score };',
        '};',
      ].join('\n'),
    );
    const assetDir = path.join(dir, 'triage-scoring');
    mkdirSync(assetDir);
    await bundleFunction(repositoryRoot, { entry: source }, assetDir);
    targets.push({
      name: 'probe: triage scoring (import + model load + one claim scored)',
      entry: '(generated)',
      assetDir,
      event: { statement: 'Unemployment in the northern region fell to 4.1% in March 2025, the statistics office said.' },
      environment: { AWS_LAMBDA_LOG_LEVEL: 'INFO', FACTFLOW_TRIAGE_MODEL_DIR: triage.environment.FACTFLOW_TRIAGE_MODEL_DIR },
      kind: 'probe',
    });
  }
  for (const fn of deployed) {
    const api = fn.entry === 'functions/api/handler.ts';
    targets.push({
      name: api ? 'API (Hono)' : path.basename(fn.entry, '.ts'),
      entry: fn.entry,
      assetDir: fn.assetDir,
      event: api ? apiEvent(publishedClaimId, stack.keys.partner.key) : workflowEvent(fn.entry),
      environment: fn.environment,
      kind: 'function',
    });
  }

  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
    AWS_ENDPOINT_URL_SFN: stack.stepFunctionsEndpoint,
    TABLE_NAME: stack.tableName,
    STATE_MACHINE_ARN: stack.stateMachineArn,
    API_KEY_PEPPER: stack.secrets.apiKeyPepper,
    REVIEW_REQUEST_SECRET: stack.secrets.reviewRequestSecret,
    REVIEW_DECISION_SECRET: stack.secrets.reviewDecisionSecret,
    PUBLIC_BASE_URL: 'https://api.example.com',
    MEDIAWIKI_BASE_URL: 'off',
    AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
  };

  // BENCH_COLD_PROFILE=DIR: one more run of each target, before the timed rounds and left out of them, writes
  // a V8 CPU profile into DIR/<target> (to see where a cold start goes: open it in Chrome's DevTools).
  const envs = targets.map((t) => ({ ...base, ...t.environment, TABLE_NAME: stack.tableName }));
  const profileRoot = process.env.BENCH_COLD_PROFILE;
  if (profileRoot) {
    for (const [i, t] of targets.entries()) {
      const dir = path.join(profileRoot, t.name.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, ''));
      await runOnce(harness, path.join(t.assetDir, LOADER_FILE), t.event, envs[i]!, dir);
    }
  }
  const load = { before: loadavg()[0]!, after: 0 };
  const runsMs = targets.map(() => [] as number[]);
  const outcomes = targets.map(() => '');
  for (let r = 0; r < runs; r++) {
    for (const [i, t] of targets.entries()) {
      const once = await runOnce(harness, path.join(t.assetDir, LOADER_FILE), t.event, envs[i]!);
      runsMs[i]!.push(once.ms);
      outcomes[i] = once.outcome;
    }
  }
  load.after = loadavg()[0]!;
  const results = targets.map((t, i): ColdStartResult => {
    const sorted = [...runsMs[i]!].sort((a, b) => a - b);
    return {
      name: t.name,
      entry: t.entry,
      kind: t.kind,
      bundleBytes: statSync(path.join(t.assetDir, 'main.mjs')).size,
      startupBytes: startupBytes(t.assetDir),
      codeBytes: codeBytes(t.assetDir),
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      runsMs: runsMs[i]!,
      firstEventOutcome: outcomes[i]!,
    };
  });
  return { results, load, runs };
}
