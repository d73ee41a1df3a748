/**
 * The local Step Functions runs `states:startExecution.sync:2` as AWS does: the child (Express) execution
 * starts, TaskSubmitted records StartExecution's answer, and the Task's result is the child's description
 * with Input and Output as JSON; a child that fails fails the Task with States.TaskFailed, which the
 * parent's Catch sees with the child's error and cause in its Cause; a parent that stops stops the child.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LocalLambdaRuntime } from '../../../infra/local/lambda-runtime.ts';
import { LocalStepFunctionsEngine, type Execution } from '../../../infra/local/step-functions/engine.ts';

const PARENT = 'arn:aws:states:us-east-1:000000000000:stateMachine:parent';
const CHILD = 'arn:aws:states:us-east-1:000000000000:stateMachine:child';

const parent = {
  StartAt: 'RunChild',
  States: {
    RunChild: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: CHILD, Input: { 'x.$': '$.x', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' } },
      TimeoutSeconds: 60,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
      End: true,
    },
    Caught: { Type: 'Pass', End: true },
  },
};
const child = {
  StartAt: 'Route',
  TimeoutSeconds: 300,
  States: {
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.x', StringEquals: 'fail', Next: 'Broken' },
        { Variable: '$.x', StringEquals: 'wait', Next: 'Sleep' },
      ],
      Default: 'Done',
    },
    Sleep: { Type: 'Wait', Seconds: 60, Next: 'Done' },
    Done: { Type: 'Pass', Parameters: { 'echo.$': '$.x' }, End: true },
    Broken: { Type: 'Fail', Error: 'ChildBroke', Cause: 'on purpose' },
  },
};

let engine: LocalStepFunctionsEngine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

function start(x: string): { engine: LocalStepFunctionsEngine; execution: Execution } {
  engine = new LocalStepFunctionsEngine(PARENT, parent, new LocalLambdaRuntime(new Map()), undefined, [{ stateMachineArn: CHILD, definition: child }]);
  return { engine, execution: engine.start(`run-${x}`, JSON.stringify({ x })).execution };
}

describe('startExecution.sync:2 on the local Step Functions', () => {
  it("returns the child's description, Input and Output as JSON, after a TaskSubmitted naming the child", async () => {
    const { engine, execution } = start('ok');
    await execution.done;
    const [run] = engine.childExecutions(execution.executionArn);
    expect(run).toMatchObject({ status: 'SUCCEEDED', startedBy: execution.executionArn });
    expect(run!.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:child:[^:]+:[^:]+$/);
    expect(JSON.parse(execution.output!)).toEqual({
      ExecutionArn: run!.executionArn,
      Input: { x: 'ok', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: execution.executionArn },
      InputDetails: { Included: true },
      Name: run!.name,
      Output: { echo: 'ok' },
      OutputDetails: { Included: true },
      StartDate: run!.startDate.getTime(),
      StateMachineArn: CHILD,
      Status: 'SUCCEEDED',
      StopDate: run!.stopDate!.getTime(),
    });
    expect(execution.history.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = execution.history.find((e) => e.type === 'TaskSubmitted')!.taskSubmittedEventDetails as { resource: string; output: string };
    expect(submitted.resource).toBe('startExecution.sync:2');
    expect(JSON.parse(submitted.output)).toEqual({ ExecutionArn: run!.executionArn, StartDate: run!.startDate.getTime() });
    expect(run!.history.filter((e) => e.type.endsWith('StateEntered')).map((e) => (e.stateEnteredEventDetails as { name: string }).name)).toEqual([
      'Route',
      'Done',
    ]);
  });

  it("fails the Task with States.TaskFailed, the child's error and cause in its description, for the parent's Catch", async () => {
    const { engine, execution } = start('fail');
    await execution.done;
    const [run] = engine.childExecutions(execution.executionArn);
    expect(run).toMatchObject({ status: 'FAILED', error: 'ChildBroke', cause: 'on purpose' });
    const { error } = JSON.parse(execution.output!) as { error: { Error: string; Cause: string } };
    expect(error.Error).toBe('States.TaskFailed');
    expect(JSON.parse(error.Cause)).toMatchObject({ ExecutionArn: run!.executionArn, Status: 'FAILED', Error: 'ChildBroke', Cause: 'on purpose' });
    expect(execution.status).toBe('SUCCEEDED'); // caught
  });

  it('stops the child when the parent is stopped, and records nothing after the parent aborted', async () => {
    const { engine, execution } = start('wait');
    await expect.poll(() => engine.childExecutions(execution.executionArn)[0]?.history.some((e) => e.type === 'WaitStateEntered')).toBe(true);
    engine.stop(execution.executionArn, 'Withdrawn', 'the claim was withdrawn');
    await execution.done;
    const [run] = engine.childExecutions(execution.executionArn);
    await run!.done;
    expect(run!.status).toBe('ABORTED');
    expect(execution.status).toBe('ABORTED');
    expect(execution.history.at(-1)?.type).toBe('ExecutionAborted');
    expect(execution.history.map((e) => e.type)).not.toContain('TaskFailed');
  });
});
