/**
 * A local Express state machine: runs the synthesized ASL of a child workflow that a Standard execution
 * starts synchronously (`states:startExecution.sync:2`), the way AWS runs it. An Express execution keeps no
 * durable state: it lives in memory while it runs and is not resumed after a restart (the parent's Task,
 * resumed, starts it again). Its events are kept here in the history's shape, standing in for the Express
 * log group where an operator reads them on AWS (Express executions have no GetExecutionHistory).
 */
import { randomUUID } from 'node:crypto';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { LocalLambdaRuntime } from '../lambda-runtime.ts';
import { runnableDefinition, taskStates, type AslMachine } from './definition.ts';
import { recordHistory } from './history.ts';
import { TaskEventSequencer, taskResource } from './task-events.ts';
import { assertRunnable, localTaskHandlers, type ChildRun } from './task-handlers.ts';
import type { TaskTokens } from './task-tokens.ts';
import type { Execution, ExecutionStatus } from './types.ts';
import './node20-compat.ts';

export class LocalExpressStateMachine {
  /** The executions run so far (most recent last), with their events. */
  readonly executions: Execution[] = [];
  private readonly machine: StateMachine;
  private readonly definition: AslMachine;
  private readonly resources = new Map<string, string>();

  constructor(
    readonly stateMachineArn: string,
    readonly definitionJson: Record<string, unknown>,
    private readonly lambdas: LocalLambdaRuntime,
    private readonly tokens: TaskTokens,
  ) {
    const definition = definitionJson as unknown as AslMachine;
    this.definition = definition;
    this.machine = new StateMachine(runnableDefinition(definition) as unknown as StateMachineDefinition, { validationOptions: { checkArn: false } });
    // Express workflows start no nested executions and wait on no callbacks.
    assertRunnable(definition, lambdas, tokens);
    for (const [name, state] of taskStates(definition)) this.resources.set(name, state.Resource ?? '');
  }

  /** Starts an execution; `startedBy` is the parent execution's ARN. */
  start(input: unknown, opts: { name?: string; startedBy?: string } = {}): ChildRun {
    const [, , , region = 'us-east-1', account = '000000000000', , machineName = 'express'] = this.stateMachineArn.split(':');
    const name = opts.name ?? randomUUID();
    const execution: Execution = {
      // An Express execution's ARN: arn:aws:states:<region>:<account>:express:<machine>:<name>:<id>.
      executionArn: `arn:aws:states:${region}:${account}:express:${machineName}:${name}:${randomUUID()}`,
      stateMachineArn: this.stateMachineArn,
      name,
      status: 'RUNNING',
      input: JSON.stringify(input),
      startDate: new Date(),
      history: [],
      abort: () => undefined,
      done: Promise.resolve(),
      ...(opts.startedBy ? { startedBy: opts.startedBy } : {}),
    };
    this.executions.push(execution);
    const write = (type: string, details: Record<string, unknown> = {}, timestamp = Date.now()) => {
      const id = execution.history.length + 1;
      execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(timestamp), type, ...details });
    };
    const taskEvents = new TaskEventSequencer(write);
    const run = this.machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: localTaskHandlers(this.definition, this.lambdas, this.tokens, taskEvents, region) },
      context: {
        Execution: {
          Id: execution.executionArn,
          Name: name,
          StartTime: execution.startDate.toISOString(),
          Input: input as never,
          RoleArn: 'arn:aws:iam::000000000000:role/local',
        },
        StateMachine: { Id: this.stateMachineArn, Name: machineName },
      },
    });
    const finish = (status: ExecutionStatus, detail: { output?: string; error?: string; cause?: string }) => {
      if (execution.status !== 'RUNNING') return;
      Object.assign(execution, { status, stopDate: new Date(), ...detail });
    };
    let stoppedByParent = false;
    execution.abort = () => {
      if (execution.status !== 'RUNNING') return;
      stoppedByParent = true;
      finish('ABORTED', { error: 'States.Aborted', cause: 'the execution that started it stopped' });
      run.abort();
      write('ExecutionAborted', { executionAbortedEventDetails: { error: execution.error, cause: execution.cause } });
    };
    const history = recordHistory(run.eventLogs, write, {
      resumed: false,
      onTaskOpened: (stateName) => taskEvents.open(stateName),
      resourceOf: (stateName) => taskResource(this.resources.get(stateName) ?? ''),
    });
    const ended = run.result
      .then(
        (output) => finish('SUCCEEDED', { output: JSON.stringify(output) }),
        (err: Error) => {
          if (err.name === 'ExecutionTimeoutError') finish('TIMED_OUT', { error: 'States.Timeout', cause: 'the execution ran past its TimeoutSeconds' });
          else finish('FAILED', executionError(err));
        },
      )
      .then(() => history)
      .then(() => execution);
    execution.done = ended.then(() => undefined);
    return {
      execution,
      ended,
      stop: () => execution.abort(),
      get stoppedByParent() {
        return stoppedByParent;
      },
    };
  }
}

/** The error and cause an execution failed with, from the interpreter's error (a Task's own error inside it). */
export function executionError(err: Error): { error: string; cause: string } {
  const inner = (err as Error & { cause?: { name?: string; message?: string } }).cause;
  return { error: inner?.name ?? err.name, cause: inner?.message ?? err.message };
}
