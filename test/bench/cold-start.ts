/**
 * Cold start: every Lambda entry bundled with esbuild as the CDK NodejsFunction does it
 * (infra/constructs/factflow-function.ts: ESM, node22 target, minify, source map, main fields module/main,
 * `@aws-sdk/*` external, the createRequire banner), plus a minimal handler that constructs a DynamoDBClient
 * and does one GetItem. Each is imported and sent one event in a fresh Node process, with
 * NODE_OPTIONS=--enable-source-maps as the functions are deployed; the time from before the import to the
 * first answer is measured inside the process (the Node start itself, the same for all, is left out).
 */
import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionEntries, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import { repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import type { LocalStack } from '../../infra/local/stack.ts';

export interface ColdStartResult {
  name: string;
  entry: string;
  bundleBytes: number;
  medianMs: number;
  runsMs: number[];
  firstEventOutcome: string;
  topInputs: Array<{ name: string; bytes: number }>;
  /** Bytes of zod's locale files (every language's error messages) in the bundle. */
  zodLocaleBytes: number;
}

const BANNER = "import { createRequire as __ffCreateRequire } from 'node:module'; const require = __ffCreateRequire(import.meta.url);";

const MINIMAL = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => {
  const out = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: 'COLD#start' }, sk: { S: '#COLD' } } }));
  return { found: Boolean(out.Item) };
};
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

function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : 'factflow source';
}

function topInputs(metafile: Metafile, outfile: string): Array<{ name: string; bytes: number }> {
  const output = Object.entries(metafile.outputs).find(([name]) => name.endsWith(path.basename(outfile)))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
}

function runOnce(harness: string, bundle: string, event: unknown, env: NodeJS.ProcessEnv): Promise<{ ms: number; outcome: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [harness, pathToFileURL(bundle).href, JSON.stringify(event)], { env, cwd: path.dirname(bundle) }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${bundle}: ${err.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line) as { ms: number; outcome: string });
    });
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
    default:
      return { claimId: ABSENT_CLAIM };
  }
}

export async function measureColdStarts(stack: LocalStack, template: CloudTemplate, publishedClaimId: string, runs: number): Promise<ColdStartResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'factflow-cold-'));
  // Bundles resolve the external @aws-sdk/* from the repository's node_modules, as Lambda's runtime provides it.
  symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const harness = path.join(dir, 'harness.mjs');
  writeFileSync(harness, HARNESS);
  writeFileSync(path.join(dir, 'minimal.mjs'), MINIMAL);

  const targets = [
    { name: 'minimal (DynamoDBClient + GetItem)', entry: path.join(dir, 'minimal.mjs'), event: {} as unknown },
    ...[...new Set(functionEntries(template).values())].sort().map((entry) => ({
      name: entry === 'functions/api/handler.ts' ? 'API (Hono)' : path.basename(entry, '.ts'),
      entry: path.join(repositoryRoot, entry),
      event: entry === 'functions/api/handler.ts' ? apiEvent(publishedClaimId, stack.keys.partner.key) : workflowEvent(entry),
    })),
  ];

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: process.env.AWS_REGION,
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
    POWERTOOLS_SERVICE_NAME: 'factflow',
    MEDIAWIKI_BASE_URL: 'off',
    AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: '1',
  };

  const results: ColdStartResult[] = [];
  for (const [i, t] of targets.entries()) {
    const outdir = path.join(dir, `fn${i}`);
    mkdirSync(outdir);
    const outfile = path.join(outdir, 'index.mjs');
    const built = await build({
      entryPoints: [t.entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      mainFields: ['module', 'main'],
      external: ['@aws-sdk/*'],
      banner: { js: BANNER },
      metafile: true,
      logLevel: 'silent',
    });
    const runsMs: number[] = [];
    let outcome = '';
    for (let r = 0; r < runs; r++) {
      const once = await runOnce(harness, outfile, t.event, env);
      runsMs.push(once.ms);
      outcome = once.outcome;
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    results.push({
      name: t.name,
      entry: path.relative(repositoryRoot, t.entry).startsWith('..') ? '(generated)' : path.relative(repositoryRoot, t.entry),
      bundleBytes: statSync(outfile).size,
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      runsMs,
      firstEventOutcome: outcome,
      topInputs: topInputs(built.metafile, outfile),
      zodLocaleBytes: Object.entries(Object.values(built.metafile.outputs).find((o) => o.entryPoint !== undefined)?.inputs ?? {})
        .filter(([input]) => input.includes('/zod/v4/locales/'))
        .reduce((sum, [, v]) => sum + v.bytesInOutput, 0),
    });
  }
  return results;
}
