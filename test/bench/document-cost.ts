/**
 * Cost per document, counted like the cost per claim (cost.ts): the 1,500-word bench article (benchArticle) is
 * driven through the API and, when long, the document processor, on an instrumented runtime of the local stack:
 * - Lambda: each API request timed around app.fetch, each processor run timed in-process (TimedLambdaRuntime behind a
 *   local Lambda Invoke service of its own), rounded up to 1 ms and multiplied by the function's MemorySize from
 *   the synthesized template; requests at Lambda's per-request price (the API's asynchronous Invoke is the
 *   processor's request);
 * - DynamoDB: request units from ConsumedCapacity on every call, with the meter's additions for what AWS bills and
 *   DynamoDB Local does not report (capacity.ts).
 * Every path runs once warm first (module load, the NLP lexicon, the model), and is then measured once.
 */
import { createApp } from '../../functions/api/app.ts';
import { createRuntime, setRuntime } from '../../functions/commons/runtime.ts';
import { functionEntries, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import { serveLambda } from '../../infra/local/lambda-service.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { terminalStatuses } from '../../shared/domain/claim.ts';
import { splitSentences } from '../../shared/domain/documents/segmentation.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import { CapacityMeter, type Corrections } from './capacity.ts';
import { memoryByFunction, TimedLambdaRuntime } from './cost.ts';
import { benchArticle } from './documents.ts';
import { PRICES } from './prices.ts';
import { serveTimed } from './timed-api.ts';

const API_ENTRY = 'functions/api/handler.ts';
const PROCESSOR_ENTRY = 'functions/documents/process-document.ts';

export interface DocumentCost {
  path: string;
  apiRequests: number;
  processorRuns: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  /** Units added to DynamoDB Local's figures to count as AWS bills (capacity.ts), read + write. */
  correctionUnits: number;
  dynamoRequests: number;
  lambdaPer1000: number;
  dynamodbPer1000: number;
  dollarsPer1000: number;
  httpApiPer1000: number;
  unitsByOperation: Array<{ operation: string; units: number }>;
}

export interface DocumentCostRun {
  words: number;
  characters: number;
  candidates: number;
  indexEntries: number;
  paths: DocumentCost[];
}

const sum = (c: Corrections) => Object.values(c).reduce((a, b) => a + b, 0);

export async function measureDocumentCost(stack: LocalStack, template: CloudTemplate): Promise<DocumentCostRun> {
  const text = benchArticle();
  const entries = functionEntries(template);
  const logicalIdOf = (entry: string) => [...entries].find(([, e]) => e === entry)?.[0];
  const memory = memoryByFunction(template);
  const apiMemory = memory.get(logicalIdOf(API_ENTRY) ?? '') ?? 512;
  const processorId = logicalIdOf(PROCESSOR_ENTRY);
  if (!processorId) throw new Error(`no function with the entry ${PROCESSOR_ENTRY} in the template`);

  // Earlier claims to match against: the stack's index (the runs above, if any) plus 40 of the article's sentences.
  const seeded = text
    .split('\n')
    .flatMap((l) => splitSentences(l))
    .slice(0, 40);
  for (const [i, s] of seeded.entries()) {
    const normalized = normalizeStatement(s);
    await stack.runtime.services.similarClaims.add({
      kind: 'claim',
      claimId: `DOCBENCH${String(i).padStart(18, '0')}`,
      signature: claimSignature(normalized),
      text: normalized,
    });
  }

  const meter = new CapacityMeter();
  const lambdas = new TimedLambdaRuntime(entries);
  const lambdaService = await serveLambda(lambdas, template, { retryDelayMs: 100 });
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;
  // The metered runtime's queue creates its Lambda client on its first Invoke, from this endpoint.
  process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaService.endpoint;
  const rt = createRuntime(process.env, { dynamoMiddleware: meter.middleware });
  // The processor reaches the process-wide runtime: the metered one while documents are measured.
  setRuntime(rt);
  const app = createApp(() => rt);
  const timed = await serveTimed(app);
  const apiCalls = timed.calls;
  const apiUrl = timed.url;
  const call = async (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.keys['fact-checker'].key}`, 'content-type': 'application/json', ...headers },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the bench reads a few fields of the document view
    const body = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(body)}`);
    return body;
  };
  let n = 0;
  const started = Date.now();
  const submission = () => ({
    text,
    title: 'Six stories',
    url: `https://news.example/bench/${++n}`,
    publisher: 'The Daily Example',
    publishedAt: '2025-03-01',
  });
  const settings = rt.documents.settings;
  const syncMaxChars = settings.syncMaxChars;
  const submitInRequest = () => call('POST', '/documents', submission(), { 'idempotency-key': `doc-bench-${started}-${n}` });
  const submitToProcessor = async () => {
    settings.syncMaxChars = 1000;
    try {
      const accepted = await call('POST', '/documents', submission(), { 'idempotency-key': `doc-bench-${started}-${n}` });
      await lambdaService.idle();
      const read = await call('GET', `/documents/${accepted.id}`);
      if (read.status !== 'processed') throw new Error(`the processor left the document ${read.status}`);
      return read;
    } finally {
      settings.syncMaxChars = syncMaxChars;
    }
  };

  const measure = async (path: string, run: () => Promise<unknown>): Promise<DocumentCost> => {
    const before = {
      capacity: meter.snapshot(),
      corrections: meter.correctionsSnapshot(),
      lambdas: lambdas.invocations.length,
      api: apiCalls.length,
      byOperation: new Map(meter.byOperation),
    };
    await run();
    const capacity = meter.snapshot();
    const runs = lambdas.invocations.slice(before.lambdas);
    const api = apiCalls.slice(before.api);
    const gbSeconds =
      runs.reduce((s, i) => s + (Math.ceil(i.ms) / 1000) * ((memory.get(i.functionName) ?? 128) / 1024), 0) +
      api.reduce((s, ms) => s + (Math.ceil(ms) / 1000) * (apiMemory / 1024), 0);
    const readUnits = capacity.readUnits - before.capacity.readUnits;
    const writeUnits = capacity.writeUnits - before.capacity.writeUnits;
    const lambda = (runs.length + api.length) * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaGbSecond;
    const dynamodb = readUnits * PRICES.readRequestUnit + writeUnits * PRICES.writeRequestUnit;
    return {
      path,
      apiRequests: api.length,
      processorRuns: runs.length,
      gbSeconds,
      readUnits,
      writeUnits,
      correctionUnits: sum(meter.correctionsSnapshot()) - sum(before.corrections),
      dynamoRequests: capacity.calls - before.capacity.calls,
      lambdaPer1000: lambda * 1000,
      dynamodbPer1000: dynamodb * 1000,
      dollarsPer1000: (lambda + dynamodb) * 1000,
      httpApiPer1000: api.length * PRICES.httpApiRequest * 1000,
      unitsByOperation: [...meter.byOperation]
        .map(([operation, units]) => ({ operation, units: units - (before.byOperation.get(operation) ?? 0) }))
        .filter((o) => o.units > 0)
        .sort((a, b) => b.units - a.units),
    };
  };

  const paths: DocumentCost[] = [];
  let candidates = 0;
  try {
    // Warm both functions once; not reported.
    await submitInRequest();
    await submitToProcessor();
    let document: { id: string; candidates: Array<{ segmentId: string }> } = { id: '', candidates: [] };
    paths.push(
      await measure('submit, processed in the request (201)', async () => {
        document = await submitInRequest();
      }),
    );
    candidates = document.candidates.length;
    paths.push(await measure('submit, processed by the processor function (202, one Invoke, one poll)', submitToProcessor));
    paths.push(await measure('read the candidates (GET /documents/{id})', () => call('GET', `/documents/${document.id}`)));
    // The picked claims' workflows run on the stack's own runtime, unmetered: each is a claim, costed in section 3.
    setRuntime(stack.runtime);
    const picks = document.candidates.slice(0, 2).map((c) => ({ segmentId: c.segmentId }));
    let picked: Array<{ claimId: string }> = [];
    paths.push(
      await measure('submit two candidates as claims (the request only)', async () => {
        picked = (await call('POST', `/documents/${document.id}/claims`, { claims: picks })).claims;
      }),
    );
    // Let the two claims' workflows reach the review step before the stack stops under them.
    const deadline = Date.now() + 30_000;
    for (const { claimId } of picked) {
      while (Date.now() < deadline) {
        const claim = await stack.runtime.services.claims.get(claimId);
        if (claim && (claim.status === 'awaiting_review' || terminalStatuses.has(claim.status))) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    setRuntime(stack.runtime);
    settings.syncMaxChars = syncMaxChars;
    if (previousEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    else process.env.AWS_ENDPOINT_URL_LAMBDA = previousEndpoint;
    await timed.close();
    await lambdaService.close();
  }
  return { words: text.split(/\s+/).filter(Boolean).length, characters: text.length, candidates, indexEntries: seeded.length, paths };
}

export function documentCostSection(r: DocumentCostRun): string {
  const f = (x: number, d = 2) => x.toFixed(d);
  const rows = r.paths.map(
    (p) =>
      `| ${p.path} | ${p.apiRequests} | ${p.processorRuns} | ${f(p.gbSeconds, 4)} | ${f(p.readUnits, 1)} | ${f(p.writeUnits, 1)} | ${f(p.correctionUnits, 1)} | ${p.dynamoRequests} | $${f(p.lambdaPer1000, 4)} | $${f(p.dynamodbPer1000, 4)} | **$${f(p.dollarsPer1000, 4)}** |`,
  );
  const [inRequest, processor, read] = r.paths;
  const typical = inRequest && read ? inRequest.dollarsPer1000 + read.dollarsPer1000 : 0;
  return [
    `### 5b. Cost per document (counted, the ${r.words}-word bench article, ${r.characters.toLocaleString('en')} characters, ${r.candidates} candidates)`,
    '',
    '| step | API requests | processor runs | GB-s | RRU | WRU | of which added (not reported by DynamoDB Local) | DynamoDB requests | Lambda /1000 | DynamoDB /1000 | total per 1,000 documents |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `A pasted article read once costs $${f(typical, 4)} per 1,000 documents (submit processed in the request + one read)${processor ? `; through the processor function, $${f(processor.dollarsPer1000, 4)} (its poll included)` : ''}. No Step Functions transitions: a document is processed in the API request or by one asynchronous Lambda invocation. Where the processed submission's request units go: ${inRequest?.unitsByOperation.map((o) => `${o.operation.replace(/Command$/, '')} ${f(o.units, 1)}`).join(', ') ?? ''}. The document is stored as a head item and parts, with an idempotency record (each submission here carries an Idempotency-Key); matching queries the similar-claim index for every candidate (the index holds the stack's claims from the runs above plus ${r.indexEntries} of the article's sentences). Each picked candidate then becomes a claim whose workflow costs what section 3 counts per claim; the row above is the pick request alone. API Gateway HTTP API, outside these totals: $${f(
      r.paths.reduce((s, p) => s + p.httpApiPer1000, 0),
      4,
    )} per 1,000 documents for the four steps.`,
    '',
    "Counted as AWS bills, with the prices of section 3: Lambda arm64 requests and GB-s at each function's MemorySize from the synthesized template (warm runs, rounded up to 1 ms; the processor's asynchronous Invoke is its one request), DynamoDB on-demand request units from ConsumedCapacity plus the meter's additions (empty reads, failed conditions). Not included: CloudWatch Logs, X-Ray, data transfer, storage (a document is kept until its TTL).",
  ].join('\n');
}
