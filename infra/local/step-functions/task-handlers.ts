/**
 * What runs each Task state locally, by its Resource: Lambda invocations go to the local Lambda runtime,
 * callback invocations also wait on their task token. Every Task must map here: a Task without a local
 * handler would make the interpreter call real AWS.
 */
import { functionNameOf, type LocalLambdaRuntime } from '../lambda-runtime.ts';
import { taskStates, type AslMachine, type AslState } from './definition.ts';
import type { TaskTokens } from './task-tokens.ts';

type LambdaInvokeInput = { FunctionName: string; Payload: unknown };
// biome-ignore lint/suspicious/noExplicitAny: the library types task input/output as JSON values; each handler below knows its concrete shape
export type TaskHandler = (input: any) => Promise<any>;

export function localTaskHandlers(definition: AslMachine, lambdas: LocalLambdaRuntime, tokens: TaskTokens): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  for (const [name, state] of taskStates(definition)) handlers[name] = taskHandler(name, state, lambdas, tokens);
  return handlers;
}

function taskHandler(stateName: string, state: AslState, lambdas: LocalLambdaRuntime, tokens: TaskTokens): TaskHandler {
  const resource = state.Resource ?? '';
  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    return async (input: LambdaInvokeInput) => {
      const { result, failed } = tokens.wait(stateName, input.Payload);
      try {
        await lambdas.invoke(functionNameOf(input.FunctionName), input.Payload);
      } catch (err) {
        failed();
        throw err;
      }
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
