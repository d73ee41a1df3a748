/**
 * The synthesized stacks the infrastructure tests read: bundling skipped (as in the local stack), cdk-nag
 * running as in every synth. Each stage is synthesized once per test file.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import type { FactflowStack } from '../../infra/factflow-stack.ts';

export type Stage = 'dev' | 'prod';
type Json = Record<string, any>; // eslint-disable-line -- CloudFormation JSON, shape asserted by the tests

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
