/**
 * The state machines synthesized from infra/ (the Standard claim workflow and the Express workflow of its
 * automated steps) are valid Amazon States Language, and keep the workflow's promises in their structure:
 * every Task retries transient errors and catches the rest, every failure reaches RecordFailure, and no
 * callback Task waits without a deadline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, inject, it } from 'vitest';
import { expressStateMachines, stateMachineDefinition, type CloudTemplate } from '../../infra/local/cloud-template.ts';

// Both validators are CommonJS without type declarations for these entry points.
const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (
  definition: unknown,
  opts?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (sep?: string) => string };
const { StateLint } = require('@wmfs/statelint') as { StateLint: new () => { validate(json: unknown): string[] } };

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Default?: string;
  Retry?: Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
  Branches?: AslMachine[];
}
interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
const definition = stateMachineDefinition(template) as unknown as AslMachine;
const express = expressStateMachines(template);
const automated = express[0]!.definition as unknown as AslMachine;
const machines = [
  ['the claim workflow (Standard)', definition],
  ['the automated steps (Express)', automated],
] as const;

/** Every state with its name and the machine (top level, Map item processor, Parallel branch) holding it. */
function allStates(machine: AslMachine, inside = 'top'): Array<{ name: string; state: AslState; inside: string }> {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    { name, state, inside },
    ...(state.ItemProcessor ? allStates(state.ItemProcessor, name) : []),
    ...(state.Iterator ? allStates(state.Iterator, name) : []),
    ...(state.Branches ?? []).flatMap((b) => allStates(b, name)),
  ]);
}

describe('the synthesized state machines', () => {
  it('are the claim workflow and one Express workflow, which the claim workflow starts and waits for', () => {
    expect(express).toHaveLength(1);
    const starts = allStates(definition).filter((s) => s.state.Resource === 'arn:aws:states:::states:startExecution.sync:2');
    expect(starts.map((s) => s.name)).toEqual(['RunAutomatedSteps']);
    expect(starts[0]!.state.Parameters?.StateMachineArn).toBe(express[0]!.stateMachineArn);
  });

  it.each(machines)('%s passes asl-validator', (_name, machine) => {
    // asl-validator annotates the object it checks (QueryLanguage on each state): give it a copy.
    const result = aslValidator(structuredClone(machine));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(machines)('%s passes @wmfs/statelint', (_name, machine) => {
    expect(new StateLint().validate(structuredClone(machine))).toEqual([]);
  });

  it('give every Task a Retry for transient errors and a Catch (inside a Map, the Map catches)', () => {
    const tasks = machines.flatMap(([, machine]) => {
      const maps = new Map(
        allStates(machine)
          .filter((s) => s.state.Type === 'Map')
          .map((s) => [s.name, s.state]),
      );
      return allStates(machine)
        .filter((s) => s.state.Type === 'Task')
        .map((t) => ({ ...t, catcher: t.inside === 'top' ? t.state : maps.get(t.inside) }));
    });
    expect(tasks.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'RunAutomatedSteps',
        'Triage',
        'GatherFromProvider',
        'RecordEvidence',
        'RequestReview',
        'EscalateReview',
        'PublishVerdict',
        'CloseRejected',
        'ExpireReview',
        'RecordFailure',
      ]),
    );
    for (const { name, state, catcher } of tasks) {
      expect(state.Retry?.length, `${name} has a Retry`).toBeGreaterThan(0);
      // Lambda's throttling, or Step Functions' own when a Task starts the Express workflow.
      const throttling = state.Resource?.startsWith('arn:aws:states:::states:') ? 'StepFunctions.ThrottlingException' : 'Lambda.TooManyRequestsException';
      expect(
        state.Retry?.some((r) => r.ErrorEquals.includes(throttling)),
        `${name} retries throttling`,
      ).toBe(true);
      // A Task inside a Map iteration fails the iteration; the Map state carries the Catch.
      expect(
        catcher?.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')),
        `${name} (or its Map) catches States.ALL`,
      ).toBe(true);
    }
  });

  it('send every failure through RecordFailure before the execution fails, those of the Express steps too', () => {
    const catchAll = (machine: AslMachine) =>
      allStates(machine).flatMap(({ name, state }) => (state.Catch ?? []).filter((c) => c.ErrorEquals.includes('States.ALL')).map((c) => [name, c.Next]));
    const top = definition.States;
    expect(top.RecordFailure?.Type).toBe('Task');
    for (const [name, next] of catchAll(definition)) expect(next, name).toBe(name === 'RecordFailure' ? 'Failed' : 'RecordFailure');
    expect(top.Failed?.Type).toBe('Fail');
    // In the Express workflow a failed step ends the round with its error, which the claim workflow records.
    for (const [name, next] of catchAll(automated)) expect(next, name).toBe('StepFailed');
    expect(automated.States.StepFailed).toMatchObject({ Type: 'Pass', Parameters: { next: 'record_failure', 'error.$': '$.error' }, End: true });
    expect(top.AutomatedOutcome?.Default).toBe('AutomatedStepFailed');
    expect(top.AutomatedStepFailed).toMatchObject({ Type: 'Pass', ResultPath: '$.error', Next: 'RecordFailure' });
  });

  it('have no Fail state but the one after RecordFailure: every ending without a verdict is recorded on the claim', () => {
    const fails = machines.flatMap(([, machine]) =>
      allStates(machine)
        .filter((s) => s.state.Type === 'Fail')
        .map((s) => s.name),
    );
    expect(fails).toEqual(['Failed']);
    for (const [, machine] of machines) {
      const choices = allStates(machine).filter((s) => s.state.Type === 'Choice');
      for (const { name, state } of choices) expect(state.Default, `${name} has a default`).toBeDefined();
    }
  });

  it('give every waitForTaskToken Task a timeout, and on timeout escalate, then expire; the Express steps wait on nobody', () => {
    const callbacks = allStates(definition).filter((s) => s.state.Resource?.endsWith('.waitForTaskToken'));
    expect(callbacks.map((c) => c.name).sort()).toEqual(['EscalateReview', 'RequestReview']);
    for (const { name, state } of callbacks) {
      expect(state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined, `${name} has a timeout`).toBe(true);
    }
    expect(definition.States.RequestReview?.TimeoutSecondsPath).toBe('$.policy.reviewDeadlineSeconds');
    expect(definition.States.EscalateReview?.TimeoutSecondsPath).toBe('$.policy.escalationSeconds');
    expect(definition.States.RequestReview?.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next).toBe('EscalateReview');
    expect(definition.States.EscalateReview?.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next).toBe('ExpireReview');
    // Express workflows support neither callbacks nor .sync: only Lambda Tasks run there.
    expect(allStates(automated).filter((s) => s.state.Type === 'Task' && !s.state.Resource?.startsWith('arn:aws:lambda:'))).toEqual([]);
  });
});
