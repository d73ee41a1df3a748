/**
 * The other half of least privilege: everything the code really calls is granted. A claim runs from
 * submission to a published verdict, pushed to a subscribed partner, its sources are gathered again as on a later
 * round, then a long document is processed, on the local stack (the deployed ASL, the deployed handler modules)
 * while every DynamoDB and Step Functions call is recorded against the function making it; each recorded
 * (action, resource) must appear in that function's IAM policy in the synthesized template.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLambdaRuntime } from '../../infra/local/lambda-runtime.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { sendDecision, TestReviewer } from '../support/reviewer.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';
import { grantedActions, logicalId, synthesize } from './templates.ts';

const currentFunction = new AsyncLocalStorage<string>();
/** function name → "action on resource" strings it called. */
const calls = new Map<string, Set<string>>();

function record(action: string, resource: string) {
  // In-process code outside any workflow or maintenance handler is the API serving a request.
  const fn = currentFunction.getStore() ?? 'Api';
  const set = calls.get(fn) ?? new Set<string>();
  calls.set(fn, set);
  set.add(`${action} on ${resource}`);
}

type Input = Record<string, unknown> & { IndexName?: string; TransactItems?: Array<Record<string, unknown>>; Statements?: Array<{ Statement: string }> };
/** The permission each PartiQL statement needs, by its verb (BatchExecuteStatement has no action of its own). */
const partiqlActions: Record<string, string> = { SELECT: 'PartiQLSelect', INSERT: 'PartiQLInsert', UPDATE: 'PartiQLUpdate', DELETE: 'PartiQLDelete' };
const itemActions: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};
const documentActions: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
};

function recordDynamo(command: { constructor: { name: string }; input: Input }) {
  const name = command.constructor.name;
  if (name === 'TransactWriteCommand' || name === 'TransactWriteItemsCommand' || name === 'TransactGetCommand' || name === 'TransactGetItemsCommand') {
    // A transaction needs the permission of each action it contains.
    for (const item of command.input.TransactItems ?? []) for (const kind of Object.keys(item)) record(`dynamodb:${itemActions[kind] ?? kind}`, 'table');
    return;
  }
  if (name === 'BatchExecuteStatementCommand' || name === 'ExecuteStatementCommand') {
    const statements = command.input.Statements ?? [command.input as unknown as { Statement: string }];
    for (const { Statement } of statements) {
      const verb = Statement.trim().split(/\s+/)[0]!.toUpperCase();
      record(`dynamodb:${partiqlActions[verb] ?? verb}`, 'table');
    }
    return;
  }
  const action = documentActions[name] ?? name.replace(/Command$/, '');
  record(`dynamodb:${action}`, command.input.IndexName ?? 'table');
}

function recordStates(command: { constructor: { name: string } }) {
  const action = command.constructor.name.replace(/Command$/, '');
  record(`states:${action}`, ['StopExecution', 'DescribeExecution'].includes(action) ? 'executions' : 'state machine');
}

/** Wraps a client's send so every call is recorded; returns the undo. */
function spy<T extends { prototype: { send: (...args: never[]) => unknown } }>(client: T, onCall: (command: never) => void): () => void {
  const original = client.prototype.send;
  client.prototype.send = function (this: unknown, ...args: never[]) {
    onCall(args[0] as never);
    return original.apply(this, args);
  } as typeof original;
  return () => {
    client.prototype.send = original;
  };
}

let stack: LocalStack;
const reviewer = new TestReviewer();
/** A partner's webhook endpoint: accepts every delivery. */
const partner = { server: createServer((_req, res) => res.end()), url: '' };
const undo: Array<() => void> = [];

beforeAll(async () => {
  const s = synthesize('dev');
  const names = new Map(Object.entries(s.stack.functions).map(([name, fn]) => [logicalId(s, fn), name]));
  const invoke = LocalLambdaRuntime.prototype.invoke;
  LocalLambdaRuntime.prototype.invoke = function (this: LocalLambdaRuntime, functionName: string, ...rest: [unknown, number?]) {
    return currentFunction.run(names.get(functionName) ?? functionName, () => invoke.call(this, functionName, ...rest));
  };
  undo.push(() => {
    LocalLambdaRuntime.prototype.invoke = invoke;
  });
  await reviewer.start();
  await new Promise<void>((resolve) => partner.server.listen(0, '127.0.0.1', resolve));
  partner.url = `http://127.0.0.1:${(partner.server.address() as AddressInfo).port}`;
  // The reconciler and the delivery worker run below, under their own names: no background intervals.
  stack = await startTestStack({
    reviewerWebhookUrl: reviewer.url,
    reconcileEveryMs: 3_600_000,
    partnerDeliveryEveryMs: 3_600_000,
    // The partner endpoint is on loopback.
    // Documents over 200 characters go to the asynchronous processor.
    env: { ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true', DOCUMENT_SYNC_MAX_CHARS: '200' },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  undo.push(
    spy(DynamoDBDocumentClient, recordDynamo),
    spy(DynamoDBClient, recordDynamo),
    spy(SFNClient, recordStates),
    // The only Lambda call the code makes: the API invoking the document processor.
    spy(LambdaClient, () => record('lambda:InvokeFunction', 'document processor')),
  );
});

afterAll(async () => {
  for (const u of undo.reverse()) u();
  await stack?.stop();
  await reviewer.stop();
  await new Promise((resolve) => partner.server.close(resolve));
});

describe('what the functions call on the way from claim to verdict', () => {
  it('is all granted to the function that calls it', async () => {
    const api = (path: string, key: string, init: RequestInit = {}) =>
      fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
    // A partner subscribed, so the published verdict has somewhere to go.
    const subscribed = await api('/partner/subscriptions', stack.keys.partner.key, {
      method: 'POST',
      body: JSON.stringify({ url: `${partner.url}/factflow`, events: ['verdict.published'] }),
    });
    const submitted = await api('/claims', stack.keys['fact-checker'].key, {
      method: 'POST',
      headers: {},
      body: JSON.stringify({
        statement: 'The city council spent 4.2 million euros on the new bridge in 2023, twice the approved budget, the mayor said.',
        claimant: { name: 'The mayor' },
        appearances: [{ url: 'https://example.org/bridge', date: '2024-02-01' }],
      }),
    });
    expect(submitted.status).toBe(202);
    expect(subscribed.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };
    const request = await eventually(async () => reviewer.forClaim(id)[0], 30_000, 'the review request');
    const decision = await sendDecision(stack.apiUrl, stack.secrets.reviewDecisionSecret, {
      reviewId: request.data.reviewId,
      reviewerId: stack.keys.reviewer.principalId,
      decision: 'approve',
      rating: 'mostly-false',
      summary: 'The council accounts show 3.1 million euros; the approved budget was 2.9 million.',
    });
    expect(decision.status).toBe(200);
    await eventually(
      async () => ((await (await api(`/claims/${id}`, stack.keys['fact-checker'].key)).json()) as { status: string }).status === 'published' || undefined,
      20_000,
      'the verdict',
    );
    expect((await api(`/claims/${id}/verdict`, stack.keys.partner.key)).status).toBe(200);

    // A long document that restates the claim: processed by the document processor (invoked asynchronously), which
    // reads the document, the index and the matched verdict and saves the result.
    const paragraph =
      'The city council spent 4.2 million euros on the new bridge in 2023, twice the approved budget, the mayor said. Unemployment in the city fell to 3.9% in March, according to the statistics office.';
    const document = await api('/documents', stack.keys['fact-checker'].key, { method: 'POST', body: JSON.stringify({ text: `${paragraph}\n${paragraph}` }) });
    expect(document.status).toBe(202);
    const { id: documentId } = (await document.json()) as { id: string };
    await eventually(
      async () =>
        ((await (await api(`/documents/${documentId}`, stack.keys['fact-checker'].key)).json()) as { status: string }).status === 'processed' || undefined,
      20_000,
      'the processed document',
    );

    // Source gathering on a later round or a re-run: the claim's query is not carried (triage handed its archive
    // matches to the first round only), so the archive provider reads the claim, looks the statement up in the
    // index itself and reads the verdicts it finds.
    const gather = (await import('../../functions/workflow/gather-evidence.ts')) as { handler: (event: unknown) => Promise<{ ok: boolean }> };
    const regathered = await currentFunction.run('GatherEvidence', () => gather.handler({ claimId: id, provider: 'archive' }));
    expect(regathered.ok).toBe(true);

    // The reconciler and the partner delivery worker, as their schedules would run them.
    const reconciler = (await import('../../functions/maintenance/start-pending-claims.ts')) as { handler: () => Promise<unknown> };
    await currentFunction.run('StartPendingClaims', () => reconciler.handler());
    const deliveries = (await import('../../functions/partners/deliver-notifications.ts')) as { handler: () => Promise<unknown> };
    await currentFunction.run('DeliverNotifications', () => deliveries.handler());

    const s = synthesize('dev');
    // Every function that ran made calls, and every call is granted.
    expect([...calls.keys()].sort()).toEqual([
      'Api',
      'DeliverNotifications',
      'GatherEvidence',
      'ProcessDocument',
      'PublishVerdict',
      'RecordEvidence',
      'RequestReview',
      'StartPendingClaims',
      'Triage',
    ]);
    for (const [fn, made] of calls) {
      const granted = grantedActions(s, fn);
      const missing = [...made].filter((call) => {
        const [action, resource] = call.split(' on ') as [string, string];
        return !(granted[action] ?? []).includes(resource as never);
      });
      expect({ fn, missing }).toEqual({ fn, missing: [] });
    }
  });
});
