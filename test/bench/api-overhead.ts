/**
 * API overhead: the Hono app on @hono/node-server against a bare node:http baseline making the same
 * DynamoDB (and Step Functions) calls, same stack, same run, alternating baseline and app.
 *
 * POST /claims: both point StartExecution at a stub Step Functions endpoint that records and runs
 * nothing; otherwise every POST would start a real local workflow in the process under test, and the
 * measurement would be of triage, not of the API.
 */
import { serve, type ServerType } from '@hono/node-server';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../functions/api/app.ts';
import { createRuntime } from '../../functions/commons/runtime.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { StepFunctionsWorkflowEngine } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { startBaselineServer } from './baseline-server.ts';
import { runLoad, type LoadResult } from './load.ts';
import { startStubStepFunctions } from './stub-step-functions.ts';

export interface OverheadResult {
  route: string;
  baseline: LoadResult;
  app: LoadResult;
}

export const benchSubmission = {
  statement: 'The national rail operator cancelled 12% of its scheduled trains in 2023, according to the transport ministry.',
  claimant: { name: 'Transport ministry', role: 'government department' },
  appearances: [
    { url: 'https://example.org/rail-report', date: '2024-02-01' },
    { url: 'https://example.net/rail-earlier', date: '2024-01-20' },
  ],
  context: 'Quoted in a parliamentary debate.',
  tags: ['transport', 'rail'],
};

/** The mean of several rounds (counts summed). */
function combine(rounds: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => rounds.reduce((sum, r) => sum + pick(r), 0) / rounds.length;
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((total, r) => total + pick(r), 0);
  return {
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
  };
}

export async function measureApiOverhead(
  stack: LocalStack,
  publishedClaimId: string,
  opts: { connections: number; durationSeconds: number; rounds: number },
): Promise<OverheadResult[]> {
  const stub = await startStubStepFunctions();
  const rt = createRuntime(process.env);
  rt.services.workflow = new StepFunctionsWorkflowEngine(stack.stateMachineArn, new SFNClient({ endpoint: stub.endpoint }));
  const app = createApp(() => rt);
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: (req) => app.fetch(req), port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  const appUrl = `http://127.0.0.1:${port}`;
  const baseline = await startBaselineServer({
    tableName: stack.tableName,
    pepper: rt.pepper,
    stateMachineArn: stack.stateMachineArn,
    stepFunctionsEndpoint: stub.endpoint,
  });

  const routes: Array<{ route: string; path: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }> = [
    {
      route: `GET /claims/{id}/verdict`,
      path: `/claims/${publishedClaimId}/verdict`,
      method: 'GET',
      headers: { authorization: `Bearer ${stack.keys.partner.key}` },
    },
    {
      route: 'POST /claims',
      path: '/claims',
      method: 'POST',
      headers: { authorization: `Bearer ${stack.keys['fact-checker'].key}`, 'content-type': 'application/json' },
      body: JSON.stringify(benchSubmission),
    },
  ];
  const results: OverheadResult[] = [];
  try {
    for (const r of routes) {
      const common = { connections: opts.connections, method: r.method, headers: r.headers, ...(r.body ? { body: r.body } : {}) };
      // Warm both (JIT, connection pools), then measure baseline and app back to back.
      await runLoad({ ...common, url: `${baseline.url}${r.path}`, durationSeconds: 2 });
      await runLoad({ ...common, url: `${appUrl}${r.path}`, durationSeconds: 2 });
      // Alternate baseline and app rounds so that drift in the machine's load falls on both alike.
      const b: LoadResult[] = [];
      const a: LoadResult[] = [];
      for (let round = 0; round < opts.rounds; round++) {
        b.push(await runLoad({ ...common, url: `${baseline.url}${r.path}`, durationSeconds: opts.durationSeconds }));
        a.push(await runLoad({ ...common, url: `${appUrl}${r.path}`, durationSeconds: opts.durationSeconds }));
      }
      results.push({ route: r.route, baseline: combine(b), app: combine(a) });
    }
  } finally {
    await baseline.close();
    await new Promise<void>((r) => {
      const s = server as unknown as { closeAllConnections?: () => void; close: (cb: () => void) => void };
      s.closeAllConnections?.();
      s.close(() => r());
    });
    await stub.close();
  }
  return results;
}
