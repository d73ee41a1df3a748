/**
 * The state machine synthesized from infra/ is valid Amazon States Language, and keeps the workflow's
 * promises in its structure: every Task retries transient errors and catches the rest, and no callback
 * Task waits without a deadline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, inject, it } from 'vitest';
import { stateMachineDefinition, type CloudTemplate } from '../../infra/local/cloud-template.ts';

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

const definition = stateMachineDefinition(JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate) as unknown as AslMachine;

/** Every state with its name and the machine (top level, Map item processor, Parallel branch) holding it. */
function allStates(machine: AslMachine, inside = 'top'): Array<{ name: string; state: AslState; inside: string }> {
  return Object.entries(machine.States).flatMap(([name, state]) => [
    { name, state, inside },
    ...(state.ItemProcessor ? allStates(state.ItemProcessor, name) : []),
    ...(state.Iterator ? allStates(state.Iterator, name) : []),
    ...(state.Branches ?? []).flatMap((b) => allStates(b, name)),
  ]);
}

describe('the synthesized state machine', () => {
  it('passes asl-validator', () => {
    // asl-validator annotates the object it checks (QueryLanguage on each state): give it a copy.
    const result = aslValidator(structuredClone(definition));
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('passes @wmfs/statelint', () => {
    expect(new StateLint().validate(structuredClone(definition))).toEqual([]);
  });

  it('gives every Task a Retry for transient errors and a Catch (inside a Map, the Map catches)', () => {
    const tasks = allStates(definition).filter((s) => s.state.Type === 'Task');
    expect(tasks.map((t) => t.name)).toEqual(
      expect.arrayContaining([
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
    const maps = new Map(
      allStates(definition)
        .filter((s) => s.state.Type === 'Map')
        .map((s) => [s.name, s.state]),
    );
    for (const { name, state, inside } of tasks) {
      expect(state.Retry?.length, `${name} has a Retry`).toBeGreaterThan(0);
      expect(
        state.Retry?.some((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException')),
        `${name} retries throttling`,
      ).toBe(true);
      // A Task inside a Map iteration fails the iteration; the Map state carries the Catch.
      const catcher = inside === 'top' ? state : maps.get(inside);
      expect(
        catcher?.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')),
        `${name} (or its Map) catches States.ALL`,
      ).toBe(true);
    }
  });

  it('sends every failure through RecordFailure before the execution fails', () => {
    const top = definition.States;
    expect(top.RecordFailure?.Type).toBe('Task');
    const catchAll = allStates(definition).flatMap(({ name, state }) =>
      (state.Catch ?? []).filter((c) => c.ErrorEquals.includes('States.ALL')).map((c) => [name, c.Next]),
    );
    for (const [name, next] of catchAll) expect(next, name).toBe(name === 'RecordFailure' ? 'Failed' : 'RecordFailure');
    expect(top.Failed?.Type).toBe('Fail');
  });

  it('has no Fail state but the one after RecordFailure: every ending without a verdict is recorded on the claim', () => {
    const fails = allStates(definition)
      .filter((s) => s.state.Type === 'Fail')
      .map((s) => s.name);
    expect(fails).toEqual(['Failed']);
    const choices = allStates(definition).filter((s) => s.state.Type === 'Choice') as Array<{ name: string; state: AslState & { Default?: string } }>;
    for (const { name, state } of choices) expect(state.Default, `${name} has a default`).toBeDefined();
  });

  it('gives every waitForTaskToken Task a timeout, and on timeout escalates, then expires', () => {
    const callbacks = allStates(definition).filter((s) => s.state.Resource?.endsWith('.waitForTaskToken'));
    expect(callbacks.map((c) => c.name).sort()).toEqual(['EscalateReview', 'RequestReview']);
    for (const { name, state } of callbacks) {
      expect(state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined, `${name} has a timeout`).toBe(true);
    }
    expect(definition.States.RequestReview?.TimeoutSecondsPath).toBe('$.policy.reviewDeadlineSeconds');
    expect(definition.States.EscalateReview?.TimeoutSecondsPath).toBe('$.policy.escalationSeconds');
    expect(definition.States.RequestReview?.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next).toBe('EscalateReview');
    expect(definition.States.EscalateReview?.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next).toBe('ExpireReview');
  });
});
