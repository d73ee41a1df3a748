/**
 * The local Step Functions killed for real (kill -9 of the process running it, the API and the Lambda
 * handlers) with reviewers' approvals just answered and more in flight: after a restart on the same data
 * folder no recorded decision is lost. An acknowledged SendTaskSuccess was on disk before its answer; a
 * decision recorded but never handed to the workflow is handed on when the review step runs again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import { createDocumentClient, keys } from '../../shared/adapters/dynamodb/table.ts';
import type { StackProcessOptions, StackProcessReady } from '../support/stack-process.ts';
import { sendDecision, TestReviewer } from '../support/reviewer.ts';
import { eventually } from '../support/test-stack.ts';

const reviewer = new TestReviewer();
const options: StackProcessOptions = {
  dataDir: mkdtempSync(path.join(tmpdir(), 'factflow-kill-')),
  dynamoEndpoint: inject('dynamoEndpoint'),
  templatePath: inject('templatePath'),
  tableName: `kill-${Date.now().toString(36)}`,
  reviewerWebhookUrl: '',
};
let child: ChildProcess | undefined;

async function startProcess(): Promise<StackProcessReady> {
  const proc = spawn(
    process.execPath,
    // tsx as a loader in this very process: its CLI would run the stack in a grandchild that kill -9 misses.
    ['--import', 'tsx', path.join(repositoryRoot, 'test/support/stack-process.ts')],
    {
      cwd: repositoryRoot,
      env: { ...process.env, FACTFLOW_STACK_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child = proc;
  // Never outlive the test run, even one cut short.
  process.once('exit', () => proc.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) resolve(JSON.parse(line) as StackProcessReady);
    });
    proc.on('exit', (code) => reject(new Error(`the stack process exited (${code}) before it was ready`)));
  });
}

function killHard(): Promise<void> {
  const proc = child!;
  return new Promise((resolve) => {
    proc.on('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

async function submit(stack: StackProcessReady, i: number): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/claims`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.factCheckerKey}` },
    body: JSON.stringify({
      statement: `The harbour authority of port ${['Alder', 'Birch', 'Cedar', 'Dogwood', 'Elm', 'Fir', 'Gum', 'Hazel'][i]} handled ${1000 + 137 * i} ships in 2023, up ${3 + i}% on 2022.`,
      claimant: { name: 'The harbour authority', type: 'organization' },
      appearances: [{ url: `https://example.org/port-${i}`, date: '2024-02-01' }],
    }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  await reviewer.start();
  options.reviewerWebhookUrl = reviewer.url;
});
afterAll(async () => {
  if (child && child.exitCode === null) await killHard();
  await reviewer.stop();
});

describe('kill -9 of the local Step Functions', () => {
  it('loses no recorded decision: acknowledged and in-flight approvals are published after the restart', async () => {
    let stack = await startProcess();
    reviewer.requestSecret = stack.reviewRequestSecret;
    const claims = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => submit(stack, i)));
    const requests = await Promise.all(claims.map((id) => eventually(async () => reviewer.forClaim(id)[0], 60_000, `the review request for ${id}`)));

    const approve = (i: number) =>
      sendDecision(
        stack.apiUrl,
        stack.reviewDecisionSecret,
        { reviewId: requests[i]!.data.reviewId, reviewerId: stack.reviewerId, decision: 'approve', rating: 'true', summary: 'The port statistics agree.' },
        { webhookId: `msg_kill_${i}` },
      );
    const doc = createDocumentClient(
      new DynamoDBClient({ endpoint: options.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    const tokenOf = async (i: number) =>
      String(
        (await doc.send(new GetCommand({ TableName: options.tableName, Key: keys.reviewToken(requests[i]!.data.reviewId), ConsistentRead: true }))).Item
          ?.taskToken,
      );
    const tokens = await Promise.all([0, 1, 2, 3].map(tokenOf));
    const killedSfn = new SFNClient({
      endpoint: stack.stepFunctionsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

    // Claims 0-3: SendTaskSuccess acknowledged, then kill -9 at once (AWS keeps an acknowledged completion).
    // Claims 4-7: reviewers' approvals through the API, in flight when the process dies.
    const inFlight = [4, 5, 6, 7].map((i) => approve(i).catch(() => null));
    await Promise.all(
      tokens.map((taskToken, i) =>
        killedSfn.send(
          new SendTaskSuccessCommand({
            taskToken,
            output: JSON.stringify({
              decision: 'approve',
              rating: 'true',
              summary: 'The port statistics agree.',
              reviewers: [stack.reviewerId],
              reviewId: requests[i]!.data.reviewId,
            }),
          }),
        ),
      ),
    );
    await killHard();
    await Promise.all(inFlight);

    stack = await startProcess();
    const sfn = new SFNClient({ endpoint: stack.stepFunctionsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const arnOf = (id: string) => `${stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${id}`;
    const trail = async (id: string) => {
      const res = await fetch(`${stack.apiUrl}/claims/${id}/history?limit=100`, { headers: { authorization: `Bearer ${stack.factCheckerKey}` } });
      return ((await res.json()) as { items: Array<{ type: string }> }).items.map((e) => e.type);
    };

    const succeeded = async (id: string, why: string) =>
      eventually(
        async () => ((await sfn.send(new DescribeExecutionCommand({ executionArn: arnOf(id) }))).status === 'SUCCEEDED' ? true : undefined),
        60_000,
        `the execution of ${id} (${why}) to succeed`,
      );
    const published = async (id: string) =>
      (await fetch(`${stack.apiUrl}/claims/${id}/verdict`, { headers: { authorization: `Bearer ${stack.partnerKey}` } })).status;

    for (const id of claims.slice(0, 4)) {
      await succeeded(id, 'completion acknowledged before the kill');
      expect(await published(id)).toBe(200);
      expect(reviewer.forClaim(id)).toHaveLength(1); // not asked again
    }
    for (const [i, id] of claims.entries()) {
      if (i < 4 || !(await trail(id)).includes('review.approve')) continue;
      // Recorded on the trail before the kill: handed on, published, and the reviewer's retry is a replay.
      await succeeded(id, 'decision recorded before the kill');
      expect(await published(id)).toBe(200);
      const retry = await approve(i);
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as { result: string }).result).toBe('replay');
    }
    // Two stack processes started, eight claims reviewed and a restart: its waits (60 s each) need more than the
    // suite's default 60 s per test on a loaded machine.
  }, 240_000);
});
