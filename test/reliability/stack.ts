/**
 * The reliability suite's local stack: the test run's DynamoDB Local and the synthesized workflow, with
 * optional faulty proxies (test/support/fault-proxy.ts) in front of DynamoDB and of the local Step
 * Functions service, and a test reviewer endpoint that accepts review requests.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { logger } from '../../functions/commons/runtime.ts';
import { awsClientConfig } from '../../shared/adapters/aws-clients.ts';
import { StepFunctionsWorkflowEngine } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { TestReviewer } from '../support/reviewer.ts';
import { readStoredClaim } from '../support/stored-claim.ts';

export interface ReliabilityStack {
  stack: LocalStack;
  reviewer: TestReviewer;
  /** In front of DynamoDB Local for every client of the stack (API and workflow functions). */
  dynamo: FaultProxy | null;
  /** In front of the local Step Functions service for the API's calls (StartExecution, callbacks). */
  sfn: FaultProxy | null;
  doc: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

export async function startReliabilityStack(
  opts: { dynamoProxy?: boolean; sfnProxy?: boolean; env?: Record<string, string>; logLevel?: 'TRACE' | 'DEBUG' | 'ERROR' } = {},
): Promise<ReliabilityStack> {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  // The logger is built when its module loads, before the stack's environment is set.
  logger.setLogLevel(opts.logLevel ?? 'ERROR');
  const reviewer = await new TestReviewer().start();
  const dynamo = opts.dynamoProxy ? await startFaultProxy(inject('dynamoEndpoint')) : null;
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: dynamo?.url ?? inject('dynamoEndpoint'),
    template,
    tableName: `rel-${randomBytes(6).toString('hex')}`,
    reviewerWebhookUrl: reviewer.url,
    env: {
      MEDIAWIKI_BASE_URL: 'off',
      POWERTOOLS_LOG_LEVEL: opts.logLevel ?? 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_FAILURES_PER_MINUTE: '1000000',
      ...opts.env,
    },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  let sfn: FaultProxy | null = null;
  if (opts.sfnProxy) {
    sfn = await startFaultProxy(stack.stepFunctionsEndpoint);
    stack.runtime.services.workflow = new StepFunctionsWorkflowEngine(stack.stateMachineArn, new SFNClient({ ...awsClientConfig(), endpoint: sfn.url }));
  }
  // Assertions read DynamoDB Local directly, never through the faulty proxy.
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
  return {
    stack,
    reviewer,
    dynamo,
    sfn,
    doc,
    stop: async () => {
      await stack.stop();
      await reviewer.stop();
      await sfn?.close();
      await dynamo?.close();
    },
  };
}

export function submission(statement: string) {
  return {
    statement,
    claimant: { name: 'A regional newspaper', role: 'media' },
    appearances: [{ url: `https://example.org/articles/${randomUUID()}`, date: '2025-03-01' }],
    tags: ['reliability'],
  };
}

export async function submit(r: ReliabilityStack, body: unknown, opts: { key?: string; idempotencyKey?: string } = {}): Promise<Response> {
  return fetch(`${r.stack.apiUrl}/claims`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${opts.key ?? r.stack.keys['fact-checker'].key}`,
      'content-type': 'application/json',
      ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** Every claim item in the table with this statement (a scan: test tables are small). */
export async function claimsWithStatement(r: ReliabilityStack, statement: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let after: Record<string, unknown> | undefined;
  do {
    const out = await r.doc.send(
      new ScanCommand({
        TableName: r.stack.tableName,
        FilterExpression: 'entity = :c AND statement = :s',
        ExpressionAttributeValues: { ':c': 'claim', ':s': statement },
        ExclusiveStartKey: after,
      }),
    );
    items.push(...(out.Items ?? []));
    after = out.LastEvaluatedKey;
  } while (after);
  return items;
}

export async function storedClaim(r: ReliabilityStack, claimId: string): Promise<Record<string, unknown> | undefined> {
  return readStoredClaim(r.doc, r.stack.tableName, claimId);
}

export async function trail(r: ReliabilityStack, claimId: string): Promise<string[]> {
  const out = await r.doc.send(
    new QueryCommand({
      TableName: r.stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':e': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => String(i.type));
}

export function executionsOf(r: ReliabilityStack, claimId: string) {
  return [...r.stack.engine.executions.values()].filter((e) => e.name === claimId);
}
