/**
 * Reads what the local stack needs out of the CloudFormation template synthesized from infra/: the state
 * machines' ASL, the table definition and which handler module each Lambda runs. Nothing here is a copy
 * of the workflow; it is all derived from the one CDK definition.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ENTRY_METADATA } from '../constructs/factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CloudTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, Json>; Metadata?: Record<string, Json> }>;
}

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** The ARN the local stack gives a Lambda function, keyed by its logical id. */
export function localFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
}

/**
 * The ARN the local stack gives a state machine other than the claim workflow (the Express child), keyed
 * by its logical id; a definition's `Ref` to it resolves to this.
 */
export function localStateMachineArn(logicalId: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
}

/**
 * Synthesizes the CDK app in-process with bundling skipped (the local stack runs the TypeScript handlers
 * directly) and returns the stack's template. cdk-nag runs here too, as in every synth.
 */
export async function synthesizeTemplate(stage: Stage = 'dev'): Promise<CloudTemplate> {
  const { buildApp } = await import('../app.ts');
  const { app, stack } = buildApp({ 'aws:cdk:bundling-stacks': [], stage });
  const assembly = app.synth();
  return assembly.getStackByName(stack.stackName).template as CloudTemplate;
}

function resourcesOfType(template: CloudTemplate, type: string) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** Resolves the few intrinsics a state machine definition holds (Fn::Join, Fn::GetAtt Arn, Ref). */
function resolveIntrinsics(value: Json, template: CloudTemplate): Json {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template));
  if (value === null || typeof value !== 'object') return value;
  if ('Fn::Join' in value) {
    const [sep, parts] = value['Fn::Join'] as [string, Json[]];
    return parts.map((p) => String(resolveIntrinsics(p, template))).join(sep);
  }
  if ('Fn::GetAtt' in value) {
    const [logicalId, attr] = value['Fn::GetAtt'] as [string, string];
    const resource = template.Resources[logicalId];
    if (resource?.Type === 'AWS::Lambda::Function' && attr === 'Arn') return localFunctionArn(logicalId);
    throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attr} locally`);
  }
  if ('Ref' in value) {
    const ref = value.Ref as string;
    if (template.Resources[ref]?.Type === 'AWS::StepFunctions::StateMachine') return localStateMachineArn(ref);
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return LOCAL_REGION;
    if (ref === 'AWS::AccountId') return LOCAL_ACCOUNT;
    throw new Error(`cannot resolve Ref ${ref} locally`);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, template)]));
}

function definitionOf(template: CloudTemplate, logicalId: string, machine: CloudTemplate['Resources'][string]): Record<string, unknown> {
  const definition = machine.Properties?.DefinitionString;
  if (definition === undefined) throw new Error(`state machine ${logicalId} has no DefinitionString`);
  return JSON.parse(String(resolveIntrinsics(definition, template))) as Record<string, unknown>;
}

/** The ASL of the (single) Standard state machine in the template: the claim workflow the API starts. */
export function stateMachineDefinition(template: CloudTemplate): Record<string, unknown> {
  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine').filter(
    ([, r]) => (r.Properties?.StateMachineType ?? 'STANDARD') === 'STANDARD',
  );
  if (machines.length !== 1) throw new Error(`expected one Standard state machine, found ${machines.length}`);
  const [logicalId, machine] = machines[0]!;
  return definitionOf(template, logicalId, machine);
}

/** The template's Express state machines (those the claim workflow starts), under their local ARNs. */
export function expressStateMachines(template: CloudTemplate): Array<{ logicalId: string; stateMachineArn: string; definition: Record<string, unknown> }> {
  return resourcesOfType(template, 'AWS::StepFunctions::StateMachine')
    .filter(([, r]) => r.Properties?.StateMachineType === 'EXPRESS')
    .map(([logicalId, machine]) => ({ logicalId, stateMachineArn: localStateMachineArn(logicalId), definition: definitionOf(template, logicalId, machine) }));
}

/** Function logical id → handler module path (relative to the repository root). */
export function functionEntries(template: CloudTemplate): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [logicalId, resource] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const entry = resource.Metadata?.[ENTRY_METADATA];
    if (typeof entry === 'string') entries.set(logicalId, entry);
  }
  return entries;
}

/**
 * The environment variables of the function that runs `entry` whose value refers to another Lambda function of the
 * template (`Ref`, its name on AWS): variable → that function's logical id, which is its name locally. The API learns
 * the document processor's name this way (DOCUMENT_PROCESSOR_FUNCTION).
 */
export function functionReferences(template: CloudTemplate, entry: string): Record<string, string> {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function').find(([, r]) => r.Metadata?.[ENTRY_METADATA] === entry);
  const variables = (fn?.[1].Properties?.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {};
  const references: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const ref = value !== null && typeof value === 'object' && !Array.isArray(value) ? value.Ref : undefined;
    if (typeof ref === 'string' && template.Resources[ref]?.Type === 'AWS::Lambda::Function') references[name] = ref;
  }
  return references;
}

/** The CreateTable input for the (single) DynamoDB table, under the given local name. */
export function tableDefinition(template: CloudTemplate, tableName: string): { create: CreateTableCommandInput; ttlAttribute?: string } {
  const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`expected one table, found ${tables.length}`);
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, validated by CreateTable itself
  const p = tables[0]![1].Properties as Record<string, any>;
  return {
    create: {
      TableName: tableName,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      ...(p.GlobalSecondaryIndexes
        ? {
            GlobalSecondaryIndexes: (p.GlobalSecondaryIndexes as Array<Record<string, never>>).map((g) => ({
              IndexName: g.IndexName,
              KeySchema: g.KeySchema,
              Projection: g.Projection,
            })),
          }
        : {}),
    },
    ...(p.TimeToLiveSpecification?.Enabled ? { ttlAttribute: p.TimeToLiveSpecification.AttributeName as string } : {}),
  };
}

/** An EventBridge rule of the template that matches events by pattern and invokes Lambda functions. */
export interface EventRule {
  name: string;
  pattern: Record<string, unknown>;
  /** Target functions (logical ids). */
  functions: string[];
}

/**
 * The template's event-pattern rules (schedules are left out), with a reference to the claim workflow
 * replaced by its local ARN (`stateMachineArn`; any other state machine by its own local ARN), so the local stack can deliver the events AWS would deliver to their targets.
 */
export function eventRules(template: CloudTemplate, stateMachineArn: string): EventRule[] {
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const ref = 'Ref' in value ? (value.Ref as string) : undefined;
    const machine = ref ? template.Resources[ref] : undefined;
    if (ref && machine?.Type === 'AWS::StepFunctions::StateMachine') {
      return machine.Properties?.StateMachineType === 'EXPRESS' ? localStateMachineArn(ref) : stateMachineArn;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return resourcesOfType(template, 'AWS::Events::Rule').flatMap(([name, rule]) => {
    const pattern = rule.Properties?.EventPattern;
    if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) return [];
    const targets = Array.isArray(rule.Properties?.Targets) ? rule.Properties.Targets : [];
    const functions = targets.flatMap((t) => {
      const arn = (t as { Arn?: { 'Fn::GetAtt'?: [string, string] } }).Arn?.['Fn::GetAtt'];
      return arn && template.Resources[arn[0]]?.Type === 'AWS::Lambda::Function' ? [arn[0]] : [];
    });
    return [{ name, pattern: resolve(pattern) as Record<string, unknown>, functions }];
  });
}
