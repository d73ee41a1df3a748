/**
 * `npx tsx tools/trace-requests.ts`: every DynamoDB request one claim makes on the happy path (submitted,
 * triaged, evidence gathered, reviewed, approved, published), in order, with its operation, the step that made
 * it and the keys it names (ids elided), then the count per step and the total. It drives the claim through the
 * bench's harness (test/bench/claim-harness.ts) on its own local stack, after one warm-up claim, as the cost
 * bench does, so its total is the bench's "DynamoDB requests" figure for the happy path.
 *
 * The step is the workflow function the request ran in (its entry file's name), or the API call the tool was
 * making (submit, decision) for requests made by the API. Each request shows the capacity units DynamoDB Local
 * reported for it, on the table and on each index (`units`): as DynamoDB Local counts them, which is not what
 * AWS bills. It reports nothing for a refused condition, an empty read or a missing key (test/bench/capacity.ts
 * adds those), and inside a transaction it doubles index writes (AWS bills an index copy once) and counts each
 * distinct item size once (five small items report 2 units; AWS bills 10). `--json` prints the trace as JSON.
 */
import '../test/bench/quiet-logs.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import type { RuntimeOptions } from '../functions/commons/runtime.ts';
import { functionEntries } from '../infra/local/cloud-template.ts';
import { startBenchStack } from '../test/bench/bench-stack.ts';
import { HAPPY_STATEMENT, runHappyPath, startClaimHarness, TimedLambdaRuntime } from '../test/bench/claim-harness.ts';

type Middleware = NonNullable<RuntimeOptions['dynamoMiddleware']>;

export interface TracedRequest {
  operation: string;
  step: string;
  /** The partition keys (and index, for a Query) the request names, ids elided. */
  keys: string[];
  failed?: string;
  /** Capacity units DynamoDB Local reported: `total (table t, gsi1 n, ...)`, and the total alone. */
  units?: string;
  unitCount?: number;
}

type Consumed = { CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };

/** DynamoDB Local's ConsumedCapacity of one request, summed over its tables: `8 (t4 gsi1:2 gsi2:2)`. */
export function unitsOf(consumed: Consumed | Consumed[] | undefined): string | undefined {
  const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  if (list.length === 0) return undefined;
  const total = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  const table = list.reduce((sum, c) => sum + (c.Table?.CapacityUnits ?? 0), 0);
  const indexes = new Map<string, number>();
  for (const c of list)
    for (const [name, u] of Object.entries(c.GlobalSecondaryIndexes ?? {})) indexes.set(name, (indexes.get(name) ?? 0) + (u.CapacityUnits ?? 0));
  return `${total} (t${table}${[...indexes].map(([name, u]) => ` ${name}:${u}`).join('')})`;
}

/** The workflow step a Lambda invocation runs, by the function's entry file (functions/workflow/triage.ts: triage). */
const currentStep = new AsyncLocalStorage<string>();

class SteppedLambdaRuntime extends TimedLambdaRuntime {
  constructor(private readonly steps: Map<string, string>) {
    super(steps);
  }
  override invoke(functionName: string, payload: unknown, timeoutMs?: number): Promise<unknown> {
    const entry = this.steps.get(functionName) ?? functionName;
    return currentStep.run(path.basename(entry, '.ts'), () => super.invoke(functionName, payload, timeoutMs));
  }
}

/** A key with its ids elided: CLAIM#01J…#… stays readable as CLAIM#<id>. */
export function keyPrefix(value: unknown): string {
  return String(value)
    .replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '<id>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<hash>')
    .replace(/\d{4}-\d{2}(-\d{2})?(T[\d:.]+Z)?/g, '<date>');
}

type Key = { pk?: unknown; sk?: unknown };
const named = (k: Key | undefined) => (k?.pk === undefined ? [] : [`${keyPrefix(k.pk)} ${keyPrefix(k.sk ?? '')}`.trim()]);

/** The keys a request's input names, whatever its operation. */
export function keysOf(input: Record<string, unknown>): string[] {
  const out: string[] = [];
  out.push(...named(input.Key as Key), ...named(input.Item as Key));
  if (typeof input.KeyConditionExpression === 'string') {
    const values = Object.values((input.ExpressionAttributeValues ?? {}) as Record<string, unknown>).filter((v) => typeof v === 'string');
    out.push(`${input.IndexName ? `${String(input.IndexName)}:` : ''}${keyPrefix(values[0] ?? '?')}`);
  }
  for (const request of Object.values((input.RequestItems ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(request)) {
      for (const w of request as Array<{ PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }>)
        out.push(...named(w.PutRequest?.Item ?? w.DeleteRequest?.Key));
    } else {
      for (const k of (request as { Keys?: Key[] }).Keys ?? []) out.push(...named(k));
    }
  }
  for (const t of (input.TransactItems ?? []) as Array<Record<string, { Key?: Key; Item?: Key }>>) {
    for (const [kind, op] of Object.entries(t)) out.push(...named(op.Key ?? op.Item).map((k) => `${kind} ${k}`));
  }
  // A PartiQL statement: its verb and key (the first two string parameters: pk and sk, as this code writes them).
  for (const s of (input.Statements ?? []) as Array<{ Statement: string; Parameters?: unknown[] }>) {
    const [pk, sk] = (s.Parameters ?? []).filter((p) => typeof p === 'string');
    out.push(`${s.Statement.trim().split(/\s+/)[0]} ${keyPrefix(pk ?? '?')} ${keyPrefix(sk ?? '')}`.trim());
  }
  return out;
}

export function tracingMiddleware(trace: TracedRequest[], apiStep: () => string): Middleware {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const request: TracedRequest = {
            operation: String(context.commandName).replace(/Command$/, ''),
            step: currentStep.getStore() ?? apiStep(),
            keys: keysOf(args.input as Record<string, unknown>),
          };
          trace.push(request);
          try {
            const result = await next({ ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'INDEXES' } } as typeof args);
            const units = unitsOf((result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity);
            if (units) {
              request.units = units;
              request.unitCount = Number.parseFloat(units);
            }
            return result;
          } catch (err) {
            request.failed = err instanceof Error ? err.name : String(err);
            throw err;
          }
        },
        { step: 'initialize', name: 'traceRequests', override: true },
      );
    },
  };
}

/** The first keys of a request, and how many more (a BatchGetItem of postings names dozens). */
const shown = (keys: string[]) => (keys.length <= 4 ? keys.join(', ') : `${keys.slice(0, 4).join(', ')}, … (${keys.length} keys)`);

/** Requests per step, in the order the steps first appear. */
export function countByStep(trace: TracedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of trace) counts.set(r.step, (counts.get(r.step) ?? 0) + 1);
  return counts;
}

async function main() {
  const { template, evidence, reviewer, stack } = await startBenchStack();
  const trace: TracedRequest[] = [];
  let apiStep = 'api';
  const h = await startClaimHarness(stack, template, reviewer, {
    lambdas: new SteppedLambdaRuntime(functionEntries(template)),
    dynamoMiddleware: tracingMiddleware(trace, () => apiStep),
  });
  try {
    // A warm-up claim first (module loads, a fresh process's first writes), as the cost bench does; not reported.
    await h.finished(await runHappyPath(h, 'Inflation in the southern region eased to 2.3% in April 2025, the central bank said.', 100));
    trace.length = 0;
    apiStep = 'submit';
    const id = await h.submit(HAPPY_STATEMENT, 1);
    const review = await h.reviewRequest(id, 1);
    apiStep = 'decision';
    await h.decide(review.data.reviewId, { decision: 'approve', rating: 'mostly-true', summary: 'The office reports 4.2%, close to the figure claimed.' });
    const { status } = await h.finished(id);
    // Let in-flight writes after the last state (none expected) land before counting.
    await new Promise((r) => setTimeout(r, 100));
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify({ status, total: trace.length, byStep: Object.fromEntries(countByStep(trace)), requests: trace }, null, 2));
      return;
    }
    console.log(`happy path of claim ${id} (execution ${status}): ${trace.length} DynamoDB requests\n`);
    for (const [i, r] of trace.entries()) {
      console.log(
        `${String(i + 1).padStart(3)}  ${r.step.padEnd(16)} ${r.operation.padEnd(22)} ${(r.units ?? '-').padEnd(22)} ${shown(r.keys)}${r.failed ? `  [${r.failed}]` : ''}`,
      );
    }
    console.log('');
    for (const [step, n] of countByStep(trace)) console.log(`${step.padEnd(16)} ${n}`);
    console.log(`${'total'.padEnd(16)} ${trace.length}`);
    const reads = /^(Get|GetItem|Query|Scan|BatchGetItem|TransactGetItems)$/;
    const sum = (read: boolean) => trace.filter((r) => reads.test(r.operation) === read).reduce((n, r) => n + (r.unitCount ?? 0), 0);
    console.log(`units as DynamoDB Local reported them: read ${sum(true)}, write ${sum(false)} (not as AWS bills: see the top of this file)`);
  } finally {
    await h.close();
    await stack.stop();
    await reviewer.stop();
    await evidence.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
