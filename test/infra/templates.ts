/**
 * The synthesized stacks the infrastructure tests read: bundling skipped (as in the local stack), cdk-nag
 * running as in every synth. Each stage is synthesized once per test file.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import type { FactflowStack } from '../../infra/factflow-stack.ts';

export type Stage = 'dev' | 'prod';
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, shape asserted by the tests
type Json = Record<string, any>;

export interface SynthesizedStack {
  stack: FactflowStack;
  template: Template;
  json: { Resources: Record<string, { Type: string; Properties: Json; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Json }> };
}

const cache = new Map<Stage, SynthesizedStack>();

export function synthesize(stage: Stage): SynthesizedStack {
  let s = cache.get(stage);
  if (!s) {
    const { stack } = buildApp({ 'aws:cdk:bundling-stacks': [], stage });
    const template = Template.fromStack(stack);
    s = { stack, template, json: template.toJSON() as SynthesizedStack['json'] };
    cache.set(stage, s);
  }
  return s;
}

export function resourcesOfType(s: SynthesizedStack, type: string): Array<[string, SynthesizedStack['json']['Resources'][string]]> {
  return Object.entries(s.json.Resources).filter(([, r]) => r.Type === type);
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(s: SynthesizedStack, construct: { node: { defaultChild?: unknown } }): string {
  return s.stack.getLogicalId(construct.node.defaultChild as Parameters<FactflowStack['getLogicalId']>[0]);
}

/** Resource kinds a statement may target, so expectations read in words rather than ARNs. */
export type Target = 'own log group' | '*' | 'table' | 'gsi1' | 'gsi2' | 'state machine' | 'executions' | 'secret' | 'document processor';

/** action → sorted resource kinds, as the template grants them to the function's role. */
export function grantedActions(s: SynthesizedStack, name: string): Record<string, Target[]> {
  const fn = s.stack.functions[name]!;
  const fnResource = s.json.Resources[logicalId(s, fn)]!;
  const roleId = fnResource.Properties.Role['Fn::GetAtt'][0] as string;
  const logGroupId = fnResource.Properties.LoggingConfig.LogGroup.Ref as string;
  const tableId = logicalId(s, s.stack.storage.table);
  const machineId = logicalId(s, s.stack.workflow.stateMachine);
  const secretId = logicalId(s, s.stack.secrets.secret);
  const processorId = logicalId(s, s.stack.documentProcessing.processor);
  const kind = (resource: unknown): Target => {
    const json = JSON.stringify(resource);
    if (resource === '*') return '*';
    if (json === JSON.stringify({ 'Fn::GetAtt': [logGroupId, 'Arn'] })) return 'own log group';
    if (json === JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] })) return 'table';
    if (json === JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/gsi1']] })) return 'gsi1';
    if (json === JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/gsi2']] })) return 'gsi2';
    if (json === JSON.stringify({ Ref: machineId })) return 'state machine';
    if (json === JSON.stringify({ Ref: secretId })) return 'secret';
    if (json === JSON.stringify({ 'Fn::GetAtt': [processorId, 'Arn'] })) return 'document processor';
    if (json.includes(':execution:') && json.includes(machineId)) return 'executions';
    throw new Error(`${name}: unexpected resource ${json}`);
  };
  const granted: Record<string, Set<Target>> = {};
  const policies = Object.values(s.json.Resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
  );
  if (policies.length !== 1) throw new Error(`${name} has ${policies.length} policies`);
  // Nor any managed policy: the role's only permissions are the ones listed here.
  if (s.json.Resources[roleId]!.Properties.ManagedPolicyArns !== undefined) throw new Error(`${name} has managed policies`);
  for (const statement of policies[0]!.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: string | string[]; Resource: unknown }>) {
    if (statement.Effect !== 'Allow') throw new Error(`${name}: unexpected ${statement.Effect} statement`);
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const action of [statement.Action].flat()) {
      const targets = granted[action] ?? new Set<Target>();
      granted[action] = targets;
      for (const r of resources) targets.add(kind(r));
    }
  }
  return Object.fromEntries(Object.entries(granted).map(([a, kinds]) => [a, [...kinds].sort()]));
}
