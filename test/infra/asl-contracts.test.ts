/**
 * The synthesized state machines and the workflow handlers agree on one contract per step
 * (shared/contracts/workflow-steps.ts): every Task that invokes one of our Lambdas passes exactly the
 * fields its handler's input contract accepts (every required one, none it does not know, literals it
 * accepts), the GatherEvidence Map's items are that contract's too, the Express child is started with its
 * input contract and ends with its output contract, and each handler refuses input its contract refuses.
 * The compile-time half of this is infra/constructs/typed-states.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type * as z from 'zod';
import { repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import { expressStateMachines, functionEntries, stateMachineDefinition, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import {
  automatedStepsInput,
  claimWorkflowInput,
  automatedStepsOutput,
  settledDecision,
  type WorkflowStep,
  workflowSteps,
} from '../../shared/contracts/index.ts';

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemSelector?: Record<string, unknown>;
  ItemProcessor?: AslMachine;
  Result?: unknown;
  End?: boolean;
  Next?: string;
  Choices?: Array<{ Variable?: string; StringEquals?: string; And?: Array<{ Variable?: string; StringEquals?: string }> }>;
}
interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
// Parsed JSON of the synthesized definitions, read as ASL (a double cast: Record<string, unknown> has no ASL fields).
const standard = stateMachineDefinition(template) as unknown as AslMachine;
const express = expressStateMachines(template)[0]!.definition as unknown as AslMachine;
const entries = functionEntries(template);

function allStates(machine: AslMachine): Array<[string, AslState]> {
  return Object.entries(machine.States).flatMap(
    ([name, state]): Array<[string, AslState]> => [[name, state], ...(state.ItemProcessor ? allStates(state.ItemProcessor) : [])],
  );
}

/**
 * A Task invoking one of our Lambdas, as CDK renders it: the function's ARN as the Resource with the payload
 * as Parameters (payloadResponseOnly), or the lambda:invoke integration with FunctionName and Payload.
 */
function invocation(state: AslState): { functionArn: string; payload: Record<string, unknown> } | undefined {
  if (state.Type !== 'Task') return undefined;
  if (state.Resource?.includes(':function:')) return { functionArn: state.Resource, payload: state.Parameters ?? {} };
  if (state.Resource?.startsWith('arn:aws:states:::lambda:invoke')) {
    return { functionArn: String(state.Parameters?.FunctionName), payload: state.Parameters?.Payload as Record<string, unknown> };
  }
  return undefined;
}

/** The step a Lambda-invoking Task runs: its function's handler module is functions/workflow/<step>.ts. */
function stepOf(state: AslState): WorkflowStep {
  const functionArn = invocation(state)!.functionArn;
  const entry = entries.get(functionArn.split(':function:')[1]!);
  expect(entry, `${functionArn} runs a handler module`).toMatch(/^functions\/workflow\/[a-z-]+\.ts$/);
  const step = path.basename(entry!, '.ts');
  expect(Object.keys(workflowSteps)).toContain(step);
  return step as WorkflowStep;
}

/** A payload's fields: `key.$` is a path (its value comes from the state), `key` a literal. */
function fieldsOf(payload: Record<string, unknown>): Array<{ key: string; literal?: unknown; path?: string }> {
  return Object.entries(payload).map(([k, v]) => (k.endsWith('.$') ? { key: k.slice(0, -2), path: String(v) } : { key: k, literal: v }));
}

type ObjectContract = z.ZodObject<Record<string, z.ZodType>>;
// Each contract is a concrete z.object; widened to read its shape by key (a double cast: zod's concrete
// object types do not overlap the index-signature shape enough for a single one).
const objectContract = (schema: z.ZodType) => schema as unknown as ObjectContract;
const required = (contract: ObjectContract) => Object.keys(contract.shape).filter((k) => !contract.shape[k]!.safeParse(undefined).success);

/** The payload names every required field of the contract and no other, and each literal is one the field accepts. */
function expectPayloadFits(where: string, payload: Record<string, unknown>, contract: ObjectContract) {
  const fields = fieldsOf(payload);
  const keys = fields.map((f) => f.key);
  expect(
    keys.filter((k) => !(k in contract.shape)),
    `${where}: fields the contract does not know`,
  ).toEqual([]);
  expect(
    required(contract).filter((k) => !keys.includes(k)),
    `${where}: required fields missing`,
  ).toEqual([]);
  for (const f of fields.filter((f) => 'literal' in f)) {
    expect(contract.shape[f.key]!.safeParse(f.literal).success, `${where}: ${f.key} = ${JSON.stringify(f.literal)}`).toBe(true);
  }
}

const lambdaTasks = [...allStates(standard), ...allStates(express)].filter(([, s]) => invocation(s) !== undefined);

describe('every Task that invokes a workflow function', () => {
  it('exists for every step the state machines run', () => {
    const steps = new Set(lambdaTasks.map(([, s]) => stepOf(s)));
    expect([...steps].sort()).toEqual(['close-claim', 'gather-evidence', 'publish-verdict', 'record-evidence', 'request-review', 'triage']);
  });

  it.each(lambdaTasks)('%s passes the fields its handler input contract accepts', (name, state) => {
    const step = stepOf(state);
    expectPayloadFits(`${name} (${step})`, invocation(state)!.payload, objectContract(workflowSteps[step].input));
  });
});

describe('the GatherEvidence Map', () => {
  const [, map] = allStates(express).find(([, s]) => s.Type === 'Map')!;
  const [name, task] = Object.entries(map.ItemProcessor!.States).find(([, s]) => s.Type === 'Task')!;

  it("selects items with the fields of its iteration's handler contract", () => {
    expectPayloadFits('GatherEvidence ItemSelector', map.ItemSelector!, objectContract(workflowSteps[stepOf(task)].input));
  });

  it(`hands ${name} only fields the item has`, () => {
    const item = fieldsOf(map.ItemSelector!).map((f) => f.key);
    for (const f of fieldsOf(invocation(task)!.payload)) expect(item).toContain(f.path?.replace(/^\$\./, ''));
  });
});

describe('the claim workflow', () => {
  it('starts the next round with the input contract a submission starts the first with', () => {
    const [, nextRound] = allStates(standard).find(([, s]) => s.Type === 'Pass' && s.Next === 'RunAutomatedSteps')!;
    expectPayloadFits('NextRound', nextRound.Parameters!, objectContract(claimWorkflowInput));
  });
});

describe('the Express child', () => {
  it('is started with its input contract (and the parent execution it is linked to)', () => {
    const [, start] = allStates(standard).find(([, s]) => s.Resource === 'arn:aws:states:::states:startExecution.sync:2')!;
    const { 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': parent, ...input } = start.Parameters!.Input as Record<string, unknown>;
    expect(parent).toBe('$$.Execution.Id');
    expectPayloadFits('RunAutomatedSteps Input', input, objectContract(automatedStepsInput));
  });

  it('ends in states whose output is one of its output contract', () => {
    const ends = Object.entries(express.States).filter(([, s]) => s.Type === 'Pass' && (s.End || !s.Next));
    expect(ends.length).toBeGreaterThan(0);
    const members = automatedStepsOutput.options.map(objectContract);
    for (const [name, end] of ends) {
      const output = (end.Result ?? end.Parameters) as Record<string, unknown>;
      const member = members.find((m) => m.shape.next!.safeParse(output.next).success);
      expect(member, `${name} answers next = ${String(output.next)}`).toBeDefined();
      expectPayloadFits(name, output, member!);
    }
  });

  it("is routed on by the claim workflow on its output's values only, as reviews are on settled decisions", () => {
    const values = (variable: string) =>
      allStates(standard)
        .flatMap(([, s]) => s.Choices ?? [])
        .flatMap((c) => [c, ...(c.And ?? [])])
        .filter((c) => c.Variable === variable)
        .map((c) => c.StringEquals);
    const nexts = automatedStepsOutput.options.map((o) => o.shape.next.value);
    const decisions = settledDecision.options.map((o) => o.shape.decision.value);
    expect(values('$.automated.outcome.next').every((v) => nexts.includes(v as never))).toBe(true);
    expect(values('$.decision.decision').every((v) => decisions.includes(v as never))).toBe(true);
    expect(values('$.decision.decision').sort()).toEqual([...decisions].sort());
  });
});

describe('every workflow handler', () => {
  const handlers = [...new Set(entries.values())].filter((e) => e.startsWith('functions/workflow/'));

  it.each(handlers)('%s refuses an input without the fields its contract requires', async (entry) => {
    const step = path.basename(entry, '.ts') as WorkflowStep;
    const { handler } = (await import(pathToFileURL(path.join(repositoryRoot, entry)).href)) as { handler: (event: unknown) => Promise<unknown> };
    const refused = await handler({}).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(refused?.name).toBe('InvalidStepInput');
    expect(refused?.message).toMatch(new RegExp(`^invalid ${step} input: `));
    const named = refused!.message
      .replace(/^invalid [a-z-]+ input: /, '')
      .split('; ')
      .map((issue) => issue.split(': ')[0]);
    expect(named.sort()).toEqual(required(objectContract(workflowSteps[step].input)).sort());
  });
});
