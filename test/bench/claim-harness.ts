/**
 * A claim's workflow driven through an instrumented copy of the local stack's moving parts: its own local Step
 * Functions engine over the synthesized ASL (every Lambda invocation through the given runtime), a runtime
 * whose DynamoDB client carries the given middleware (made the process-wide one, so the workflow functions use
 * it too), and the API on a timed loopback server. The claim cost bench (cost.ts) and tools/trace-requests.ts
 * both drive claims through it.
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { createApp } from '../../functions/api/app.ts';
import { createRuntime, setRuntime, type Runtime, type RuntimeOptions } from '../../functions/commons/runtime.ts';
import { expressStateMachines, stateMachineDefinition, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import { LocalLambdaRuntime } from '../../infra/local/lambda-runtime.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { LocalStepFunctionsEngine, type Execution } from '../../infra/local/step-functions/engine.ts';
import { serveStepFunctions } from '../../infra/local/step-functions/service.ts';
import { StepFunctionsWorkflowEngine } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { type ReviewRequest, sendDecision, type TestReviewer } from '../support/reviewer.ts';
import { serveTimed } from './timed-api.ts';

/** Times every invocation; the function name is the template's logical id. */
export class TimedLambdaRuntime extends LocalLambdaRuntime {
  readonly invocations: Array<{ functionName: string; ms: number }> = [];
  override async invoke(functionName: string, payload: unknown, timeoutMs?: number): Promise<unknown> {
    const started = performance.now();
    try {
      return await super.invoke(functionName, payload, timeoutMs);
    } finally {
      this.invocations.push({ functionName, ms: performance.now() - started });
    }
  }
}

export interface ClaimHarness {
  rt: Runtime;
  engine: LocalStepFunctionsEngine;
  apiUrl: string;
  /** Milliseconds per API request served, in order. */
  apiCalls: number[];
  /** Submits a claim tagged `economy` (appearance number n) and answers its id. */
  submit(statement: string, n: number): Promise<string>;
  /** The signed review request of the claim's round, once the reviewer endpoint has it. */
  reviewRequest(claimId: string, round: number, type?: string): Promise<ReviewRequest>;
  decide(reviewId: string, data: Record<string, unknown>): Promise<void>;
  /** Waits for the claim's execution to end: its status, billed Standard transitions and Express children. */
  finished(claimId: string): Promise<{ status: string; transitions: number; children: Execution[] }>;
  close(): Promise<void>;
}

export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startClaimHarness(
  stack: LocalStack,
  template: CloudTemplate,
  reviewer: TestReviewer,
  options: { lambdas: LocalLambdaRuntime; dynamoMiddleware: NonNullable<RuntimeOptions['dynamoMiddleware']> },
): Promise<ClaimHarness> {
  const engine = new LocalStepFunctionsEngine(
    stack.stateMachineArn,
    stateMachineDefinition(template),
    options.lambdas,
    undefined,
    expressStateMachines(template),
  );
  const sfnService = await serveStepFunctions(engine, 0);
  const sfn = new SFNClient({ endpoint: sfnService.endpoint });
  const rt: Runtime = createRuntime(process.env, { dynamoMiddleware: options.dynamoMiddleware });
  rt.services.workflow = new StepFunctionsWorkflowEngine(stack.stateMachineArn, sfn);
  // The workflow functions reach the process-wide runtime: make it the instrumented one for this phase.
  setRuntime(rt);
  const timed = await serveTimed(createApp(() => rt));
  const apiUrl = timed.url;
  const reviewerId = stack.keys.reviewer.principalId;

  return {
    rt,
    engine,
    apiUrl,
    apiCalls: timed.calls,
    async submit(statement, n) {
      const res = await fetch(`${apiUrl}/claims`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.keys['fact-checker'].key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          statement,
          claimant: { name: 'A regional newspaper', role: 'media' },
          appearances: [{ url: `https://example.org/cost/${n}`, date: '2025-03-01' }],
          tags: ['economy'],
        }),
      });
      if (res.status !== 202) throw new Error(`submission answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
    reviewRequest: (claimId, round, type = 'review.requested') =>
      waitFor(() => reviewer.forClaim(claimId, type).find((r) => r.data.round === round), `${type} round ${round} of ${claimId}`),
    async decide(reviewId, data) {
      const res = await sendDecision(apiUrl, stack.secrets.reviewDecisionSecret, { reviewId, reviewerId, ...data });
      if (res.status !== 200) throw new Error(`decision answered ${res.status}: ${await res.text()}`);
    },
    async finished(claimId) {
      const executionArn = `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
      const d = await waitFor(async () => {
        const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return out.status === 'RUNNING' ? undefined : out;
      }, `execution of ${claimId}`);
      await engine.executions.get(executionArn)?.done;
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
      return {
        status: d.status ?? 'UNKNOWN',
        transitions: (history.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).length,
        children: engine.childExecutions(executionArn),
      };
    },
    async close() {
      setRuntime(stack.runtime);
      await timed.close();
      await sfnService.close();
      await engine.close();
    },
  };
}

/** The happy path: a check-worthy claim, approved by its reviewer at the first round and published. */
export const HAPPY_STATEMENT = 'Unemployment in the northern region fell to 4.1% in March 2025, the statistics office said.';

export async function runHappyPath(h: ClaimHarness, statement: string, n: number): Promise<string> {
  const id = await h.submit(statement, n);
  await h.decide((await h.reviewRequest(id, 1)).data.reviewId, {
    decision: 'approve',
    rating: 'mostly-true',
    summary: 'The office reports 4.2%, close to the figure claimed.',
  });
  return id;
}
