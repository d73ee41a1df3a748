/**
 * Cost per claim, counted rather than estimated. Each path of the workflow is driven once, alone, through
 * an instrumented copy of the local stack's moving parts:
 * - Step Functions Standard: billed transitions read from GetExecutionHistory (every *StateEntered event, as
 *   AWS bills each state a workflow executes; a retry would show as an extra Lambda invocation of the Task).
 * - Step Functions Express (the automated steps, a child of the Standard execution): one request per child
 *   execution, and its duration rounded up to 100 ms times its memory in 64 MB steps, as AWS bills it
 *   (expressBilling below).
 * - Lambda: each invocation of a workflow function is timed in-process (LocalLambdaRuntime.invoke), and each
 *   API request is timed around app.fetch; GB-seconds use each function's MemorySize from the template.
 * - DynamoDB: request units from ConsumedCapacity on every call of the real clients (capacity.ts).
 */
import { functionEntries, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { Execution } from '../../infra/local/step-functions/engine.ts';
import type { TestReviewer } from '../support/reviewer.ts';
import { CapacityMeter, type Corrections } from './capacity.ts';
import { HAPPY_STATEMENT, runHappyPath, startClaimHarness, TimedLambdaRuntime } from './claim-harness.ts';
import { PRICES } from './prices.ts';

const API_ENTRY = 'functions/api/handler.ts';
/** The warm-up claim's statement: a happy path of its own, not reported. */
const WARM_UP_STATEMENT = 'Inflation in the southern region eased to 2.3% in April 2025, the central bank said.';

export { TimedLambdaRuntime };

export interface PathCost {
  path: string;
  finalStatus: string;
  /** Billed Standard state transitions. */
  transitions: number;
  /** Express executions (requests) and their billed GB-seconds. */
  expressRequests: number;
  expressGbSeconds: number;
  lambdaInvocations: number;
  gbSeconds: number;
  readUnits: number;
  writeUnits: number;
  /** DynamoDB requests (every call of the SDK clients, failed ones included). */
  dynamoRequests: number;
  /** Units added to DynamoDB Local's figures to count as AWS bills (capacity.ts), read + write. */
  correctionUnits: number;
  apiRequests: number;
  dollarsPer1000: number;
  breakdownPer1000: { stepFunctions: number; lambda: number; dynamodb: number };
  httpApiPer1000: number;
  /** Size of the claim item at the end (JSON of its attributes, close to DynamoDB's item size). */
  claimItemBytes: number;
  /** DynamoDB requests by operation, most first. */
  requestsByOperation: Array<{ operation: string; calls: number }>;
  /** Request units by DynamoDB operation, largest first. */
  unitsByOperation: Array<{ operation: string; units: number }>;
}

export function memoryByFunction(template: CloudTemplate): Map<string, number> {
  const memory = new Map<string, number>();
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::Lambda::Function') memory.set(logicalId, Number(r.Properties?.MemorySize ?? 128));
  }
  return memory;
}

export async function measureCostPerClaim(
  stack: LocalStack,
  template: CloudTemplate,
  reviewer: TestReviewer,
): Promise<{ paths: PathCost[]; publishedClaimId: string }> {
  const meter = new CapacityMeter();
  const lambdas = new TimedLambdaRuntime(functionEntries(template));
  const h = await startClaimHarness(stack, template, reviewer, { lambdas, dynamoMiddleware: meter.middleware });
  const { rt, engine, apiCalls, submit, reviewRequest, decide } = h;
  const memory = memoryByFunction(template);
  const apiLogicalId = [...functionEntries(template)].find(([, entry]) => entry === API_ENTRY)?.[0];
  const apiMemory = apiLogicalId ? (memory.get(apiLogicalId) ?? 512) : 512;
  const finished = async (claimId: string) => {
    const { status, transitions, children } = await h.finished(claimId);
    return { status, transitions, express: expressBilling(children, engine.express) };
  };

  let happyClaimId = '';
  const happyStatement = HAPPY_STATEMENT;
  const paths: Array<{ name: string; run: (n: number) => Promise<string> }> = [
    {
      name: 'happy path (approve, publish)',
      run: async (n) => {
        const id = await runHappyPath(h, n === 100 ? WARM_UP_STATEMENT : happyStatement, n);
        if (n !== 100) happyClaimId = id;
        return id;
      },
    },
    {
      // Triage closes a claim on its score only when the operator opted in (TRIAGE_AUTO_CLOSE=true, off by default):
      // this path is the opted-in deployment's. Triage reads the setting when it runs, so it stays on until the end.
      name: 'not check-worthy (closed at triage, TRIAGE_AUTO_CLOSE=true)',
      run: async (n) => {
        const thresholds = rt.services.settings.triageThresholds;
        rt.services.settings.triageThresholds = { ...thresholds, autoCloseNotCheckWorthy: true };
        try {
          const id = await submit('I think the government should resign.', n);
          await finished(id);
          return id;
        } finally {
          rt.services.settings.triageThresholds = thresholds;
        }
      },
    },
    { name: 'duplicate (closed at triage)', run: (n) => submit(happyStatement, n) },
    {
      name: 'rejected',
      run: async (n) => {
        const id = await submit('Exports of wine to Japan doubled to 310 million euros in 2024, the trade minister said.', n);
        await decide((await reviewRequest(id, 1)).data.reviewId, { decision: 'reject', reason: 'The claim cannot be checked against any published series.' });
        return id;
      },
    },
    {
      name: 'request changes, then approve',
      run: async (n) => {
        const id = await submit('The city planted 48,000 trees in 2024, three times as many as in 2021, the mayor said.', n);
        await decide((await reviewRequest(id, 1)).data.reviewId, { decision: 'request_changes', notes: 'Find the 2021 planting figure.' });
        await decide((await reviewRequest(id, 2)).data.reviewId, {
          decision: 'approve',
          rating: 'true',
          summary: 'The parks department confirms both figures.',
        });
        return id;
      },
    },
    {
      name: 'review expired (1 s deadlines)',
      run: async (n) => {
        const policy = rt.services.settings.reviewPolicy;
        rt.services.settings.reviewPolicy = { ...policy, deadlineSeconds: 1, escalationSeconds: 1 };
        try {
          return await submit('Hospital waiting lists grew by 210,000 people in 2024, the opposition leader said.', n);
        } finally {
          rt.services.settings.reviewPolicy = policy;
        }
      },
    },
  ];

  const results: PathCost[] = [];
  try {
    // Warm every function once (module load, NLP models, connection pools), as a busy deployment is: the
    // cold start is measured apart (cold-start.ts). The warm-up claim is not reported.
    const warm = paths[0]!;
    await finished(await warm.run(100));
    for (const [n, p] of paths.entries()) {
      const before = {
        capacity: meter.snapshot(),
        corrections: meter.correctionsSnapshot(),
        lambdas: lambdas.invocations.length,
        api: apiCalls.length,
        byOperation: new Map(meter.byOperation),
        callsByOperation: new Map(meter.callsByOperation),
      };
      const claimId = await p.run(n);
      const { transitions, express } = await finished(claimId);
      // Let in-flight writes that follow the last state (none expected) and the API's own bookkeeping land.
      await new Promise((r) => setTimeout(r, 100));
      // Counted before the bench's own read of the claim below, which is not part of the claim's path.
      const capacity = meter.snapshot();
      const claim = await rt.services.claims.get(claimId);
      const invoked = lambdas.invocations.slice(before.lambdas);
      const api = apiCalls.slice(before.api);
      const gbSeconds =
        invoked.reduce((sum, i) => sum + (Math.ceil(i.ms) / 1000) * ((memory.get(i.functionName) ?? 128) / 1024), 0) +
        api.reduce((sum, ms) => sum + (Math.ceil(ms) / 1000) * (apiMemory / 1024), 0);
      const lambdaInvocations = invoked.length + api.length;
      const readUnits = capacity.readUnits - before.capacity.readUnits;
      const writeUnits = capacity.writeUnits - before.capacity.writeUnits;
      const stepFunctions = transitions * PRICES.stateTransition + express.requests * PRICES.expressRequest + express.gbSeconds * PRICES.expressGbSecond;
      const lambda = lambdaInvocations * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaGbSecond;
      const dynamodb = readUnits * PRICES.readRequestUnit + writeUnits * PRICES.writeRequestUnit;
      results.push({
        path: p.name,
        finalStatus: claim?.status ?? 'missing',
        transitions,
        expressRequests: express.requests,
        expressGbSeconds: express.gbSeconds,
        lambdaInvocations,
        gbSeconds,
        readUnits,
        writeUnits,
        dynamoRequests: capacity.calls - before.capacity.calls,
        correctionUnits: sumCorrections(meter.correctionsSnapshot()) - sumCorrections(before.corrections),
        apiRequests: api.length,
        dollarsPer1000: (stepFunctions + lambda + dynamodb) * 1000,
        breakdownPer1000: { stepFunctions: stepFunctions * 1000, lambda: lambda * 1000, dynamodb: dynamodb * 1000 },
        httpApiPer1000: api.length * PRICES.httpApiRequest * 1000,
        // The claim item alone: triage, evidence and provider outcomes live in its details item.
        claimItemBytes: Buffer.byteLength(JSON.stringify(claimItemOnly(claim))),
        requestsByOperation: [...meter.callsByOperation]
          .map(([operation, calls]) => ({ operation, calls: calls - (before.callsByOperation.get(operation) ?? 0) }))
          .filter((o) => o.calls > 0)
          .sort((a, b) => b.calls - a.calls),
        unitsByOperation: [...meter.byOperation]
          .map(([operation, units]) => ({ operation, units: units - (before.byOperation.get(operation) ?? 0) }))
          .filter((o) => o.units > 0)
          .sort((a, b) => b.units - a.units),
      });
    }
  } finally {
    await h.close();
  }
  return { paths: results, publishedClaimId: happyClaimId };
}

/**
 * What AWS bills for Express executions: one request each, and the duration (start to end, rounded up to
 * 100 ms) times the memory used, billed in 64 MB steps. AWS estimates that memory as 50 MB + the definition's
 * size + the execution data's size × the Map or Parallel steps; the largest state input or output of the
 * execution stands for the execution data here.
 */
export function expressBilling(
  executions: Execution[],
  machines: ReadonlyMap<string, { definitionJson: unknown }>,
): { requests: number; gbSeconds: number; billedMemoryMb: number } {
  let gbSeconds = 0;
  let billedMemoryMb = 0;
  for (const e of executions) {
    const seconds = Math.ceil(((e.stopDate ?? new Date()).getTime() - e.startDate.getTime()) / 100) / 10;
    const payloads = e.history.flatMap((h) => {
      const d = (h.stateEnteredEventDetails ?? h.stateExitedEventDetails) as { input?: string; output?: string } | undefined;
      return d ? [Buffer.byteLength(d.input ?? d.output ?? '')] : [];
    });
    const mapSteps = e.history.filter((h) => h.type === 'MapIterationStarted').length;
    const definitionBytes = Buffer.byteLength(JSON.stringify(machines.get(e.stateMachineArn)?.definitionJson ?? {}));
    const memoryMb = 50 + (definitionBytes + Math.max(0, ...payloads) * Math.max(1, mapSteps)) / (1024 * 1024);
    const billed = Math.ceil(memoryMb / 64) * 64;
    billedMemoryMb = Math.max(billedMemoryMb, billed);
    gbSeconds += seconds * (billed / 1024);
  }
  return { requests: executions.length, gbSeconds, billedMemoryMb };
}

function sumCorrections(c: Corrections): number {
  return Object.values(c).reduce((a, b) => a + b, 0);
}

/** The attributes the claim item itself holds (the repository keeps the bulky write-once ones apart). */
function claimItemOnly(claim: object | null | undefined): object {
  if (!claim) return {};
  const { triage: _t, evidence: _e, providerOutcomes: _p, ...core } = claim as Record<string, unknown>;
  return core;
}
