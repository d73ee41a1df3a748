/**
 * Least privilege, function by function: each role's policy lists exactly the actions its code calls,
 * on exactly the resources it uses. A new call in a function needs a new line here, on purpose.
 */
import { describe, expect, it } from 'vitest';
import { logicalId, synthesize, type SynthesizedStack } from './templates.ts';

/** Resource kinds a statement may target, so the map below reads in words rather than ARNs. */
type Target = 'own log group' | '*' | 'table' | 'gsi1' | 'gsi2' | 'state machine' | 'executions' | 'secret';

const xray = { 'xray:PutTraceSegments': ['*'], 'xray:PutTelemetryRecords': ['*'] } as const;
const logs = { 'logs:CreateLogStream': ['own log group'], 'logs:PutLogEvents': ['own log group'] } as const;
const secret = { 'secretsmanager:GetSecretValue': ['secret'] } as const;
const onTable = (...actions: string[]) => Object.fromEntries(actions.map((a) => [`dynamodb:${a}`, ['table'] as Target[]]));

const expected: Record<string, Record<string, readonly Target[]>> = {
  Api: {
    ...logs,
    ...xray,
    ...secret,
    ...Object.fromEntries(['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].map((a) => [`dynamodb:${a}`, ['table', 'gsi1', 'gsi2']])),
    'states:StartExecution': ['state machine'],
    'states:SendTaskSuccess': ['state machine'],
    'states:SendTaskFailure': ['state machine'],
    'states:SendTaskHeartbeat': ['state machine'],
    'states:StopExecution': ['executions'],
    'states:DescribeExecution': ['executions'],
  },
  // Triage and GatherEvidence look claims up in the similar-claim index (BatchGetItem).
  Triage: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem') },
  GatherEvidence: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'BatchGetItem', 'Query') },
  RecordEvidence: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'PutItem', 'UpdateItem') },
  RequestReview: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'Query', 'PutItem', 'UpdateItem') },
  PublishVerdict: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem') },
  CloseClaim: { ...logs, ...xray, ...secret, ...onTable('GetItem', 'Query', 'PutItem', 'UpdateItem') },
  // The reconciler queries claims by status on gsi1 only (not the base table), records the start on the
  // claim (UpdateItem + PutItem in one transaction), reads it back, and starts executions.
  StartPendingClaims: { ...logs, ...xray, ...secret, 'dynamodb:Query': ['gsi1'], ...onTable('GetItem', 'UpdateItem', 'PutItem'), 'states:StartExecution': ['state machine'] },
};

/** action → sorted resource kinds, as the template grants them to the function's role. */
function grantedActions(s: SynthesizedStack, name: string): Record<string, Target[]> {
  const fn = s.stack.functions[name]!;
  const fnResource = s.json.Resources[logicalId(s, fn)]!;
  const roleId = fnResource.Properties.Role['Fn::GetAtt'][0] as string;
  const logGroupId = fnResource.Properties.LoggingConfig.LogGroup.Ref as string;
  const tableId = logicalId(s, s.stack.storage.table);
  const machineId = logicalId(s, s.stack.workflow.stateMachine);
  const secretId = logicalId(s, s.stack.secrets.secret);
  const kind = (resource: unknown): Target => {
    const json = JSON.stringify(resource);
    if (resource === '*') return '*';
    if (json === JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })) return 'own log group';
    if (json === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] })) return 'table';
    if (json === JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/gsi1']] })) return 'gsi1';
    if (json === JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/gsi2']] })) return 'gsi2';
    if (json === JSON.stringify({ Ref: machineId })) return 'state machine';
    if (json === JSON.stringify({ Ref: secretId })) return 'secret';
    if (json.includes(':execution:') && json.includes(machineId)) return 'executions';
    throw new Error(`${name}: unexpected resource ${json}`);
  };
  const granted: Record<string, Set<Target>> = {};
  const policies = Object.values(s.json.Resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
  expect(policies, `${name} has one policy`).toHaveLength(1);
  // Nor any managed policy: the role's only permissions are the ones listed here.
  expect(s.json.Resources[roleId]!.Properties.ManagedPolicyArns).toBeUndefined();
  for (const statement of policies[0]!.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: string | string[]; Resource: unknown }>) {
    expect(statement.Effect).toBe('Allow');
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const action of [statement.Action].flat()) {
      for (const r of resources) (granted[action] ??= new Set()).add(kind(r));
    }
  }
  return Object.fromEntries(Object.entries(granted).map(([a, kinds]) => [a, [...kinds].sort()]));
}

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
