/**
 * Least privilege, function by function: each role's policy lists exactly the actions its code calls,
 * on exactly the resources it uses. A new call in a function needs a new line here, on purpose.
 */
import { describe, expect, it } from 'vitest';
import { grantedActions, synthesize, type Target } from './templates.ts';

const xray = { 'xray:PutTraceSegments': ['*'], 'xray:PutTelemetryRecords': ['*'] } as const;
const logs = { 'logs:CreateLogStream': ['own log group'], 'logs:PutLogEvents': ['own log group'] } as const;
const secret = { 'secretsmanager:GetSecretValue': ['secret'] } as const;
const onTable = (...actions: string[]) => Object.fromEntries(actions.map((a) => [`dynamodb:${a}`, ['table'] as Target[]]));

const expected: Record<string, Record<string, readonly Target[]>> = {
  Api: {
    ...logs,
    ...xray,
    ...secret,
    ...Object.fromEntries(
      ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].map((a) => [`dynamodb:${a}`, ['table', 'gsi1', 'gsi2']]),
    ),
    'dynamodb:ConditionCheckItem': ['table'],
    // The archive import writes the similar-claim index (PartiQL statements in BatchExecuteStatement).
    'dynamodb:PartiQLInsert': ['table'],
    'dynamodb:PartiQLUpdate': ['table'],
    'states:StartExecution': ['state machine'],
    'states:SendTaskSuccess': ['state machine'],
    'states:SendTaskFailure': ['state machine'],
    'states:SendTaskHeartbeat': ['state machine'],
    'states:StopExecution': ['executions'],
    'states:DescribeExecution': ['executions'],
    // Long documents: the processor function only, invoked asynchronously (not its versions or aliases).
    'lambda:InvokeFunction': ['document processor'],
  },
  // Triage and GatherEvidence look claims up in the similar-claim index (BatchGetItem); triage (and publishing,
  // for a claim it finds unindexed) writes it with PartiQL INSERT/UPDATE statements in BatchExecuteStatement.
  // Triage and RecordEvidence write a move's trail events and detail items with BatchWriteItem.
  Triage: {
    ...logs,
    ...xray,
    ...secret,
    ...onTable('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem', 'PartiQLInsert', 'PartiQLUpdate'),
  },
  GatherEvidence: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'BatchGetItem', 'Query') },
  RecordEvidence: { ...logs, ...xray, ...secret, ...onTable('Query', 'PutItem', 'UpdateItem', 'BatchWriteItem') },
  // RequestReview reads the related matches' claims and verdicts with BatchGetItem.
  RequestReview: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem') },
  PublishVerdict: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'Query', 'PutItem', 'UpdateItem', 'PartiQLInsert', 'PartiQLUpdate') },
  CloseClaim: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'Query', 'PutItem', 'UpdateItem') },
  // The reconciler queries claims by status on gsi1 only (not the base table), records the start on the
  // claim (UpdateItem + PutItem in one transaction), reads it back, and starts executions.
  StartPendingClaims: {
    ...logs,
    ...xray,
    ...secret,
    'dynamodb:Query': ['table', 'gsi1'],
    ...onTable('GetItem', 'UpdateItem', 'PutItem'),
    'states:StartExecution': ['state machine'],
  },
  // The delivery worker reads its queues on the indexes only (subscriptions on gsi1, notifications and
  // due deliveries on gsi2) and reads, creates, leases and saves items on the table.
  DeliverNotifications: { ...logs, ...xray, ...secret, 'dynamodb:Query': ['gsi1', 'gsi2'], ...onTable('GetItem', 'PutItem', 'UpdateItem') },
  // Marks a claim failed when its execution ends unhappily: reads the claim and its review, closes both.
  RecordExecutionEnd: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'Query', 'PutItem', 'UpdateItem') },
  // Reads a document (Query), the similar-claim index (BatchGetItem) and matched verdicts (GetItem, Query); saves
  // the result in one transaction (UpdateItem of the head, PutItem of its parts, DeleteItem of parts no longer needed).
  ProcessDocument: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem') },
};

describe('every function', () => {
  it('is in the expected map', () => {
    expect(Object.keys(synthesize('dev').stack.functions).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.keys(expected))('%s may call only the actions it uses, on only the resources it uses', (name) => {
    for (const stage of ['dev', 'prod'] as const) {
      const want = Object.fromEntries(Object.entries(expected[name]!).map(([a, kinds]) => [a, [...kinds].sort()]));
      expect(grantedActions(synthesize(stage), name)).toEqual(want);
    }
  });
});
