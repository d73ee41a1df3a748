/**
 * What runs each Task state locally, by its Resource: Lambda invocations go to the local Lambda runtime,
 * callback invocations also wait on their task token, and `states:startExecution.sync:2` runs the child
 * (Express) state machine in-process and waits for it. Every Task must map here: a Task without a local
 * handler would make the interpreter call real AWS.
 */
import { functionNameOf, type LocalLambdaRuntime } from '../lambda-runtime.ts';
import { taskStates, type AslMachine, type AslState } from './definition.ts';
import { taskResource, type TaskEventSequencer, type TaskEventWriter } from './task-events.ts';
import type { TaskTokens } from './task-tokens.ts';
import type { Execution, TaskCompletion } from './types.ts';

/** One execution of a child state machine, started by a Task of its parent. */
export interface ChildRun {
  execution: Execution;
  /** Settles with the execution once it has ended, its events recorded. */
  ended: Promise<Execution>;
  stop(): void;
  /** Whether it ended because the execution that started it stopped. */
  readonly stoppedByParent: boolean;
}

/** The child state machines a Task may start (by ARN), and what to do with each child started. */
export interface NestedStateMachines {
  machines: ReadonlyMap<string, { start(input: unknown, opts: { startedBy?: string }): ChildRun }>;
  /** The parent execution (its ARN), told of each child it starts so that stopping it stops them. */
  parent?: { executionArn: string; started(child: ChildRun): void };
}

const START_SYNC = 'arn:aws:states:::states:startExecution.sync:2';

type LambdaInvokeInput = { FunctionName: string; Payload: unknown };
// biome-ignore lint/suspicious/noExplicitAny: the library types task input/output as JSON values; each handler below knows its concrete shape
export type TaskHandler = (input: any) => Promise<any>;
/** A task's own work; callbacks report their submission through `write`. */
// biome-ignore lint/suspicious/noExplicitAny: as TaskHandler
type TaskRun = (input: any, write: TaskEventWriter) => Promise<unknown>;

/** Checks once that every Task has a local handler (the engine refuses a definition it cannot run). */
export function assertRunnable(definition: AslMachine, lambdas: LocalLambdaRuntime, tokens: TaskTokens, nested?: NestedStateMachines): void {
  for (const [name, state] of taskStates(definition)) {
    taskHandler(name, state, lambdas, tokens, nested);
    const child = (state.Parameters as { StateMachineArn?: unknown } | undefined)?.StateMachineArn;
    if (state.Resource === START_SYNC && (typeof child !== 'string' || !nested?.machines.has(child))) {
      throw new Error(`state ${name} starts ${String(child)}, which is not a local state machine`);
    }
  }
}

/**
 * The handlers for one execution run; each records its Task* history events through `events`. `completed`
 * is a callback task that was completed (durably) before the engine stopped: its state, resumed, ends with
 * that result at once, as on AWS, instead of invoking its function and waiting again.
 */
export function localTaskHandlers(
  definition: AslMachine,
  lambdas: LocalLambdaRuntime,
  tokens: TaskTokens,
  events: TaskEventSequencer,
  region: string,
  completed?: TaskCompletion,
  nested?: NestedStateMachines,
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  let pending = completed;
  for (const [name, state] of taskStates(definition)) {
    const run = taskHandler(name, state, lambdas, tokens, nested);
    const replayOrRun: TaskRun = async (input, write) => {
      if (pending?.stateName !== name) return run(input, write);
      const { output, error, cause } = pending;
      pending = undefined;
      if (error !== undefined) throw Object.assign(new Error(cause ?? ''), { name: error || 'TaskFailed' });
      return JSON.parse(output ?? 'null') as unknown;
    };
    handlers[name] = recorded(name, state, replayOrRun, events, region);
  }
  return handlers;
}

/**
 * Wraps a handler with the events AWS records around an invocation: for a service integration
 * (`arn:aws:states:::lambda:invoke[.waitForTaskToken]`) TaskScheduled / TaskStarted / (TaskSubmitted) /
 * TaskSucceeded or TaskFailed; for a bare Lambda ARN as Resource, LambdaFunctionScheduled / Started /
 * Succeeded or Failed.
 */
function recorded(stateName: string, state: AslState, run: TaskRun, events: TaskEventSequencer, region: string): TaskHandler {
  const arn = state.Resource ?? '';
  const resource = taskResource(arn);
  const timeout = (state as { TimeoutSeconds?: number }).TimeoutSeconds;
  const bareLambda = arn.startsWith('arn:aws:lambda:');
  return async (input: unknown) => {
    const write = events.invocation(stateName);
    if (bareLambda) {
      write('LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: { resource: arn, input: JSON.stringify(input), ...(timeout ? { timeoutInSeconds: timeout } : {}) },
      });
      write('LambdaFunctionStarted', {});
    } else {
      write('TaskScheduled', {
        taskScheduledEventDetails: { ...resource, region, parameters: JSON.stringify(input), ...(timeout ? { timeoutInSeconds: timeout } : {}) },
      });
      write('TaskStarted', { taskStartedEventDetails: resource });
    }
    try {
      const output: unknown = await run(input, write);
      if (bareLambda) write('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: JSON.stringify(output) } });
      else write('TaskSucceeded', { taskSucceededEventDetails: { ...resource, output: JSON.stringify(output) } });
      return output;
    } catch (err) {
      const e = err as Error;
      // Timeouts and aborts are recorded from the interpreter's own events (TaskTimedOut, ExecutionAborted).
      if (e.name !== 'States.Timeout' && e.name !== 'States.Aborted') {
        if (bareLambda) write('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: e.name, cause: e.message } });
        else write('TaskFailed', { taskFailedEventDetails: { ...resource, error: e.name, cause: e.message } });
      }
      throw err;
    }
  };
}

function taskHandler(stateName: string, state: AslState, lambdas: LocalLambdaRuntime, tokens: TaskTokens, nested?: NestedStateMachines): TaskRun {
  const resource = state.Resource ?? '';
  if (resource === START_SYNC && nested) return startExecutionSync(resource, nested);
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    return async (input: LambdaInvokeInput, write) => {
      const { result, failed } = tokens.wait(stateName, input.Payload);
      let response: unknown;
      try {
        response = await lambdas.invoke(functionNameOf(input.FunctionName), input.Payload);
      } catch (err) {
        failed();
        throw err;
      }
      write('TaskSubmitted', { taskSubmittedEventDetails: { ...taskResource(resource), output: JSON.stringify({ Payload: response, StatusCode: 200 }) } });
      return result;
    };
  }
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return async (input: LambdaInvokeInput) => ({ Payload: await lambdas.invoke(functionNameOf(input.FunctionName), input.Payload), StatusCode: 200 });
  }
  if (resource.startsWith('arn:aws:lambda:')) {
    const fn = functionNameOf(resource);
    if (!lambdas.has(fn)) throw new Error(`state ${stateName} invokes ${fn}, which has no local handler`);
    return async (input: unknown) => lambdas.invoke(fn, input);
  }
  throw new Error(`state ${stateName} uses ${resource}, which the local Step Functions does not run`);
}

type StartExecutionInput = { StateMachineArn: string; Input?: unknown; Name?: string };

function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/**
 * `states:startExecution.sync:2`, as AWS runs it: StartExecution on the child (TaskSubmitted records its
 * answer), then the wait for the child to end. The Task's result is the child's execution description with
 * Input and Output as JSON values (`.sync` would give them as strings); a child that did not succeed fails
 * the Task with States.TaskFailed, that description (with the child's Error and Cause) as its cause.
 */
function startExecutionSync(resource: string, nested: NestedStateMachines): TaskRun {
  return async (input: StartExecutionInput, write) => {
    const machine = nested.machines.get(input.StateMachineArn);
    if (!machine) throw named('StepFunctions.StateMachineDoesNotExistException', `State Machine Does Not Exist: '${input.StateMachineArn}'`);
    const child = machine.start(input.Input ?? {}, nested.parent ? { startedBy: nested.parent.executionArn } : {});
    nested.parent?.started(child);
    const started = child.execution;
    write('TaskSubmitted', {
      taskSubmittedEventDetails: {
        ...taskResource(resource),
        output: JSON.stringify({ ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() }),
      },
    });
    const e = await child.ended;
    // The parent stopped (withdrawn, or the local stack closing): its own events say so.
    if (child.stoppedByParent) throw named('States.Aborted', 'the execution that started this child stopped');
    const description = {
      ...(e.cause !== undefined ? { Cause: e.cause } : {}),
      ...(e.error !== undefined ? { Error: e.error } : {}),
      ExecutionArn: e.executionArn,
      Input: JSON.parse(e.input) as unknown,
      InputDetails: { Included: true },
      Name: e.name,
      ...(e.output !== undefined ? { Output: JSON.parse(e.output) as unknown, OutputDetails: { Included: true } } : {}),
      StartDate: e.startDate.getTime(),
      StateMachineArn: e.stateMachineArn,
      Status: e.status,
      ...(e.stopDate ? { StopDate: e.stopDate.getTime() } : {}),
    };
    if (e.status !== 'SUCCEEDED') throw named('States.TaskFailed', JSON.stringify(description));
    return description;
  };
}
