/**
 * The triage function in `npm run bench` (issue #12): its asset as CDK builds it (code and model files), the model
 * load, and warm scoring per claim, each as a ratio to a baseline measured in the same run:
 * - model load (read + parse of the four model files, as the function does once per cold start) against reading
 *   the same bytes without parsing them;
 * - warm scoring of one claim (language detection + the check-worthiness model, what triage computes per claim
 *   besides its DynamoDB calls) against one warm GetItem on the same DynamoDB Local, which every step pays anyway.
 * The function's cold start (import + first event) is in the cold-start table; a fresh process that scores one
 * claim (import + model load + first score) is the "triage scoring" row there.
 *
 * The claims scored are the sentences of our own fixture articles (test/fixtures/documents): a speed measure,
 * not a quality one.
 */
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadCheckWorthinessModels } from '../../shared/adapters/check-worthiness-model.ts';
import { splitSentences } from '../../shared/domain/documents/segmentation.ts';
import { installCheckWorthinessModels, scoreCheckWorthiness } from '../../shared/domain/triage/check-worthiness.ts';
import { detectLanguage } from '../../shared/domain/triage/language.ts';
import { normalizeStatement } from '../../shared/domain/triage/normalize.ts';
import { benchArticle } from './documents.ts';

export interface TriageBench {
  codeBytes: number;
  modelBytes: number;
  modelFiles: number;
  loadMs: number;
  readMs: number;
  claims: number;
  scoreMsPerClaim: number;
  getItemMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function bytesOf(dir: string, keep: (file: string) => boolean): number {
  let sum = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && keep(e.name)) sum += statSync(path.join(e.parentPath, e.name)).size;
  return sum;
}

export async function measureTriage(opts: {
  assetDir: string;
  modelDir: string;
  dynamo: DynamoDBClient;
  tableName: string;
  rounds?: number;
}): Promise<TriageBench> {
  const rounds = opts.rounds ?? 15;
  const files = readdirSync(opts.modelDir).filter((f) => f.endsWith('.bin'));
  const loads: number[] = [];
  const reads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    for (const f of files) readFileSync(path.join(opts.modelDir, f));
    reads.push(performance.now() - t);
    t = performance.now();
    installCheckWorthinessModels(loadCheckWorthinessModels(opts.modelDir));
    loads.push(performance.now() - t);
  }

  const claims = splitSentences(benchArticle())
    .map((s) => s.trim())
    .filter((s) => s.length >= 20);
  const scoreAll = () => {
    for (const claim of claims) {
      const text = normalizeStatement(claim);
      scoreCheckWorthiness(text, detectLanguage(text).code);
    }
  };
  scoreAll(); // warm: the detector's table, the JIT
  const perClaim: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    scoreAll();
    perClaim.push((performance.now() - t) / claims.length);
  }

  const getItem = () => opts.dynamo.send(new GetItemCommand({ TableName: opts.tableName, Key: { pk: { S: 'BENCH#triage' }, sk: { S: '#BASELINE' } } }));
  await getItem();
  const gets: number[] = [];
  for (let r = 0; r < Math.max(rounds, 50); r++) {
    const t = performance.now();
    await getItem();
    gets.push(performance.now() - t);
  }

  return {
    codeBytes: bytesOf(opts.assetDir, (f) => f.endsWith('.mjs')),
    modelBytes: bytesOf(opts.modelDir, (f) => f.endsWith('.bin')),
    modelFiles: files.length,
    loadMs: median(loads),
    readMs: median(reads),
    claims: claims.length,
    scoreMsPerClaim: median(perClaim),
    getItemMs: median(gets),
  };
}
