/**
 * What runs each Task state locally, by its Resource: Lambda invocations go to the local Lambda runtime,
 * callback invocations also wait on their task token. Every Task must map here: a Task without a local
 * handler would make the interpreter call real AWS.
 */
import { functionNameOf, type LocalLambdaRuntime } from '../lambda-runtime.ts';
import { taskStates, type AslMachine, type AslState } from './definition.ts';
import { taskResource, type TaskEventSequencer, type TaskEventWriter } from './task-events.ts';
import type { TaskTokens } from './task-tokens.ts';
import type { TaskCompletion } from './types.ts';

type LambdaInvokeInput = { FunctionName: string; Payload: unknown };
// biome-ignore lint/suspicious/noExplicitAny: the library types task input/output as JSON values; each handler below knows its concrete shape
export type TaskHandler = (input: any) => Promise<any>;
/** A task's own work; callbacks report their submission through `write`. */
// biome-ignore lint/suspicious/noExplicitAny: as TaskHandler
type TaskRun = (input: any, write: TaskEventWriter) => Promise<unknown>;

/** Checks once that every Task has a local handler (the engine refuses a definition it cannot run). */
export function assertRunnable(definition: AslMachine, lambdas: LocalLambdaRuntime, tokens: TaskTokens): void {
  for (const [name, state] of taskStates(definition)) taskHandler(name, state, lambdas, tokens);
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
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  let pending = completed;
  for (const [name, state] of taskStates(definition)) {
    const run = taskHandler(name, state, lambdas, tokens);
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

function taskHandler(stateName: string, state: AslState, lambdas: LocalLambdaRuntime, tokens: TaskTokens): TaskRun {
  const resource = state.Resource ?? '';
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
