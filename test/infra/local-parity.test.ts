/**
 * The local stack runs the workflow from the very construct deployed to AWS: the ASL the local Step
 * Functions service executes is the state machine definition of the CDK stack, intrinsics resolved, and
 * each Task invokes the handler module that the deployed function bundles.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import { expressStateMachines, functionEntries, stateMachineDefinition, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import { functionNameOf } from '../../infra/local/lambda-runtime.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { startTestStack } from '../support/test-stack.ts';
import { synthesize } from './templates.ts';

type State = {
  Type: string;
  Resource?: string;
  Parameters?: { FunctionName?: string };
  States?: Record<string, State>;
  ItemProcessor?: { States: Record<string, State> };
};

function taskFunctions(states: Record<string, State>): Array<[string, string]> {
  return Object.entries(states).flatMap(
    ([name, s]): Array<[string, string]> => [
      // A Task names its function in Parameters (lambda:invoke integrations) or as its Resource.
      ...(s.Type === 'Task' ? [[name, functionNameOf(s.Parameters?.FunctionName ?? s.Resource ?? '')] as [string, string]] : []),
      ...(s.ItemProcessor ? taskFunctions(s.ItemProcessor.States) : []),
    ],
  );
}

describe('the local stack', () => {
  let local: LocalStack;
  const deployed = (stage: 'dev' | 'prod') => synthesize(stage).json as unknown as CloudTemplate;

  beforeAll(async () => {
    local = await startTestStack();
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('executes the state machine definitions of the deployed stack, the Express child too, in either stage', () => {
    expect(local.engine.definitionJson).toEqual(stateMachineDefinition(deployed('dev')));
    expect(local.engine.definitionJson).toEqual(stateMachineDefinition(deployed('prod')));
    for (const stage of ['dev', 'prod'] as const) {
      expect([...local.engine.express.values()].map((m) => [m.stateMachineArn, m.definitionJson])).toEqual(
        expressStateMachines(deployed(stage)).map((m) => [m.stateMachineArn, m.definition]),
      );
    }
  });

  it('was given the template every test stack of this run uses', () => {
    const runTemplate = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
    expect(stateMachineDefinition(runTemplate)).toEqual(stateMachineDefinition(deployed('dev')));
  });

  it('invokes, for each Task, the handler module the deployed function bundles', () => {
    const template = deployed('prod');
    const entries = functionEntries(template);
    const machines = [local.engine.definitionJson, ...[...local.engine.express.values()].map((m) => m.definitionJson)] as Array<{
      States: Record<string, State>;
    }>;
    // The Task that starts the Express child invokes no function: the child's Tasks do.
    const tasks = machines.flatMap((m) => taskFunctions(m.States)).filter(([state]) => state !== 'RunAutomatedSteps');
    expect(tasks.map(([state]) => state).sort()).toEqual([
      'CloseRejected',
      'EscalateReview',
      'ExpireReview',
      'GatherFromProvider',
      'PublishVerdict',
      'RecordEvidence',
      'RecordFailure',
      'RequestReview',
      'Triage',
    ]);
    for (const [state, fn] of tasks) {
      const entry = entries.get(fn);
      expect(entry, `${state} → ${fn}`).toMatch(/^functions\/workflow\/.+\.ts$/);
      expect(existsSync(path.join(repositoryRoot, entry!))).toBe(true);
      // The deployed function's asset is built from that very entry (NodejsFunction's entry path).
      expect(template.Resources[fn]!.Type).toBe('AWS::Lambda::Function');
    }
  });
});
