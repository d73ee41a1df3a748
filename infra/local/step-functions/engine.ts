/**
 * A local Step Functions: runs the synthesized ASL with aws-local-stepfunctions and keeps executions the
 * way the service does (start, stop, describe, resume after a restart), so the HTTP front (service.ts)
 * can answer the real API. The pieces, one job each:
 *   definition.ts       the ASL adapted to run locally with AWS's semantics
 *   task-handlers.ts    what runs each Task state (the local Lambda runtime, a child state machine)
 *   express.ts          the Express child workflow, started synchronously by a Task
 *   task-tokens.ts      callback task tokens and SendTask*
 *   history.ts          the execution history in AWS's shape
 *   execution-store.ts  executions kept across restarts
 *   status-events.ts    execution status changes, as EventBridge delivers them
 */
// one file because what is left here is one job, the executions' lifecycle (start, run, finish, stop, complete a
// callback, close, restore), and every step of it reads and writes the same state (the executions, their tokens,
// the store, the running children); each job that does not touch that state is in its own module above.
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { LocalLambdaRuntime } from '../lambda-runtime.ts';
import { resumedDefinition, runnableDefinition, taskStates, type AslMachine } from './definition.ts';
import { ExecutionStore } from './execution-store.ts';
import { executionError, LocalExpressStateMachine } from './express.ts';
import { recordHistory } from './history.ts';
import { TaskEventSequencer, taskResource } from './task-events.ts';
import { assertRunnable, localTaskHandlers, type ChildRun, type NestedStateMachines } from './task-handlers.ts';
import { statusChangeEvent, type ExecutionStatusChange } from './status-events.ts';
import { TaskTokens } from './task-tokens.ts';
import { ServiceError, type Execution, type ExecutionStatus, type TaskCompletion } from './types.ts';
import './node20-compat.ts';

export { ServiceError, type Execution, type ExecutionStatus, type HistoryEvent } from './types.ts';

export class LocalStepFunctionsEngine {
  readonly executions = new Map<string, Execution>();
  private readonly tokens = new TaskTokens();
  private readonly store: ExecutionStore;
  private readonly runnable: AslMachine;
  private readonly machine: StateMachine;
  private readonly definition: AslMachine;
  private readonly lambdas: LocalLambdaRuntime;
  /** Task state name → its Resource, for the history's Task events. */
  private readonly resources = new Map<string, string>();
  private readonly statusListeners: Array<(event: ExecutionStatusChange) => Promise<void>> = [];
  private readonly dispatching = new Set<Promise<void>>();
  private closing = false;
  /** The Express state machines this one's Tasks start, by ARN. */
  readonly express = new Map<string, LocalExpressStateMachine>();
  /** Running child executions, by the ARN of the execution that started them. */
  private readonly children = new Map<string, Set<ChildRun>>();

  /**
   * @param stateFile where executions are kept across restarts (npm start); omit to keep them in memory.
   * @param express the Express state machines the definition starts (`states:startExecution.sync:2`).
   */
  constructor(
    readonly stateMachineArn: string,
    readonly definitionJson: Record<string, unknown>,
    lambdas: LocalLambdaRuntime,
    stateFile?: string,
    express: Array<{ stateMachineArn: string; definition: Record<string, unknown> }> = [],
  ) {
    // The synthesized definition is ASL; its JSON is typed loosely where it comes from the template.
    const definition = definitionJson as unknown as AslMachine;
    this.runnable = runnableDefinition(definition);
    this.machine = new StateMachine(this.runnable as unknown as StateMachineDefinition, { validationOptions: { checkArn: false } });
    for (const m of express) this.express.set(m.stateMachineArn, new LocalExpressStateMachine(m.stateMachineArn, m.definition, lambdas, this.tokens));
    assertRunnable(definition, lambdas, this.tokens, { machines: this.express });
    this.definition = definition;
    this.lambdas = lambdas;
    for (const [name, state] of taskStates(definition)) this.resources.set(name, state.Resource ?? '');
    this.store = new ExecutionStore(stateMachineArn, stateFile, () => this.executions.values());
  }

  start(name: string, input: string): { execution: Execution; existing: boolean } {
    if (!/^[0-9A-Za-z_-]{1,80}$/.test(name)) throw new ServiceError('InvalidName', `invalid execution name: ${name}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new ServiceError('InvalidExecutionInput', 'input is not valid JSON');
    }
    const executionArn = `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // As on AWS: same name and input while running returns the running execution; anything else refuses.
      if (existing.status === 'RUNNING' && existing.input === input) return { execution: existing, existing: true };
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: Execution = {
      executionArn,
      stateMachineArn: this.stateMachineArn,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date(),
      history: [],
      abort: () => undefined,
      done: Promise.resolve(),
    };
    this.executions.set(executionArn, execution);
    this.launch(execution, parsed);
    return { execution, existing: false };
  }

  /**
   * Runs (or, with `resume`, resumes at a state entered earlier) an execution's interpretation and records
   * its history. `completed`: the resumed callback state's result, recorded before the engine stopped.
   */
  private launch(execution: Execution, input: unknown, resume?: { startAt: string; enteredAt: Date }, completed?: TaskCompletion): void {
    const tokens = this.tokens;
    const machine = resume
      ? // Validated in full by the constructor; starting elsewhere leaves earlier states unreachable, which the validator would refuse.
        new StateMachine(resumedDefinition(this.runnable, this.definition, resume.startAt, input, resume.enteredAt) as unknown as StateMachineDefinition, {
          validationOptions: { noValidate: true },
        })
      : this.machine;
    const originalInput = JSON.parse(execution.input) as unknown;
    const write = (type: string, details: Record<string, unknown> = {}, timestamp = Date.now()) => this.append(execution, type, details, timestamp);
    const taskEvents = new TaskEventSequencer(write);
    const region = this.stateMachineArn.split(':')[3] ?? 'us-east-1';
    const nested: NestedStateMachines = {
      machines: this.express,
      parent: {
        executionArn: execution.executionArn,
        started: (child) => {
          const running = this.children.get(execution.executionArn) ?? new Set<ChildRun>();
          this.children.set(execution.executionArn, running);
          running.add(child);
          void child.ended.finally(() => running.delete(child));
        },
      },
    };
    const run = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: localTaskHandlers(this.definition, this.lambdas, this.tokens, taskEvents, region, completed, nested) },
      context: {
        Execution: {
          Id: execution.executionArn,
          Name: execution.name,
          StartTime: execution.startDate.toISOString(),
          Input: originalInput as never,
          RoleArn: 'arn:aws:iam::000000000000:role/local',
        },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').pop() },
        Task: {
          get Token() {
            return tokens.issue(execution.executionArn);
          },
        },
      },
    });
    execution.abort = run.abort;
    const history = recordHistory(run.eventLogs, write, {
      resumed: Boolean(resume),
      onTaskOpened: (stateName) => taskEvents.open(stateName),
      resourceOf: (stateName) => taskResource(this.resources.get(stateName) ?? ''),
      onStateTimedOut: (stateName) => this.tokens.cancel(execution.executionArn, 'timed_out', stateName),
    });
    execution.done = run.result
      .then(
        (output) => {
          this.finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) });
        },
        (err: Error) => {
          if (execution.status !== 'RUNNING' || execution.suspended) return;
          if (err.name === 'ExecutionTimeoutError') this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout' });
          else this.finish(execution, 'FAILED', executionError(err));
        },
      )
      .then(() => history)
      .finally(() => this.children.delete(execution.executionArn));
  }

  /** As on AWS, a parent that stops stops the children its .sync Tasks wait for. */
  private stopChildren(executionArn: string): void {
    for (const child of this.children.get(executionArn) ?? []) child.stop();
  }

  /** The child (Express) executions an execution started, in the order started. */
  childExecutions(executionArn: string): Execution[] {
    return [...this.express.values()]
      .flatMap((m) => m.executions.filter((e) => e.startedBy === executionArn))
      .sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
  }

  private append(execution: Execution, type: string, details: Record<string, unknown>, timestamp: number): void {
    if (execution.suspended) return;
    const id = execution.history.length + 1;
    execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(timestamp), type, ...details });
    this.store.schedule();
  }

  private finish(execution: Execution, status: ExecutionStatus, detail: { output?: string; error?: string; cause?: string }): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stopDate = new Date();
    Object.assign(execution, detail);
    this.tokens.cancel(execution.executionArn, 'cancelled');
    this.store.schedule();
    this.publishStatusChange(execution);
  }

  /**
   * Subscribes to execution status changes, as an EventBridge rule does on AWS (the local stack wires the
   * rules of the template here). Shutting the local stack down is not an execution ending: nothing is
   * published while the engine closes.
   */
  onStatusChange(listener: (event: ExecutionStatusChange) => Promise<void>): void {
    this.statusListeners.push(listener);
  }

  /** Resolves once every status change published so far has been handled by its listeners. */
  async statusChangesHandled(): Promise<void> {
    while (this.dispatching.size > 0) await Promise.allSettled([...this.dispatching]);
  }

  private publishStatusChange(execution: Execution): void {
    if (this.closing || execution.suspended || this.statusListeners.length === 0) return;
    const event = statusChangeEvent(execution);
    for (const listener of this.statusListeners) {
      const delivery = listener(event).catch(() => undefined);
      this.dispatching.add(delivery);
      void delivery.finally(() => this.dispatching.delete(delivery));
    }
  }

  describe(executionArn: string): Execution {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  stop(executionArn: string, error?: string, cause?: string): Date {
    const execution = this.describe(executionArn);
    if (execution.status === 'RUNNING') {
      this.finish(execution, 'ABORTED', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
      execution.abort();
      this.stopChildren(executionArn);
      const id = execution.history.length + 1;
      execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(), type: 'ExecutionAborted', executionAbortedEventDetails: { error, cause } });
    }
    return execution.stopDate ?? new Date();
  }

  /**
   * As on AWS, an acknowledged SendTaskSuccess is durable: the result is written to the state file (flushed)
   * before the task settles and the caller gets its answer, so a kill -9 right after loses no decision; the
   * restarted engine resumes the state with this result (restore). A malformed output is refused first.
   */
  sendTaskSuccess(token: string, output: string): void {
    const { executionArn, stateName } = this.tokens.describe(token);
    try {
      JSON.parse(output);
    } catch {
      throw new ServiceError('InvalidOutput', 'output is not valid JSON');
    }
    this.recordCompletion(executionArn, { stateName, enteredEventId: 0, output });
    this.tokens.succeed(token, output);
  }

  sendTaskFailure(token: string, error = '', cause = ''): void {
    const { executionArn, stateName } = this.tokens.describe(token);
    this.recordCompletion(executionArn, { stateName, enteredEventId: 0, error, cause });
    this.tokens.fail(token, error, cause);
  }

  private recordCompletion(executionArn: string, completion: TaskCompletion): void {
    const execution = this.executions.get(executionArn);
    if (!execution || !this.store.persistent) return;
    // The state entry the task belongs to: its TaskStateEntered is in the history by now (the callback's
    // function ran after it, and the completion arrived after the function sent its request).
    const entered = [...execution.history]
      .reverse()
      .find((h) => h.type === 'TaskStateEntered' && (h.stateEnteredEventDetails as { name?: string } | undefined)?.name === completion.stateName);
    // Only the latest completion can matter to a restart: later states supersede earlier ones.
    execution.completions = [{ ...completion, enteredEventId: entered?.id ?? 0 }];
    this.store.saveNow();
  }

  sendTaskHeartbeat(token: string): void {
    this.tokens.heartbeat(token);
  }

  /**
   * Local shutdown. With a state file, running executions are suspended and saved, to resume where they
   * were on the next start; without one they are stopped. Either way no handler or timer outlives it.
   */
  async close(): Promise<void> {
    this.closing = true;
    await this.statusChangesHandled();
    const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const e of running) {
      if (this.store.persistent) {
        e.suspended = true;
        this.tokens.cancel(e.executionArn, 'cancelled');
        e.abort();
        this.stopChildren(e.executionArn);
      } else {
        this.stop(e.executionArn, 'LocalShutdown', 'the local stack is stopping');
      }
    }
    await Promise.allSettled(running.map((e) => e.done));
    this.store.saveNow();
  }

  /**
   * Loads saved executions. A running one resumes at the top-level state it was in, with that state's
   * input: a callback task whose completion was recorded ends with it; one still waiting asks again (a
   * fresh token and review request); earlier steps are not redone.
   * Returns the names of the executions resumed.
   */
  restore(): string[] {
    const topLevel = new Set(Object.keys(this.runnable.States));
    const resumed: string[] = [];
    for (const execution of this.store.load()) {
      this.executions.set(execution.executionArn, execution);
      if (execution.status !== 'RUNNING') continue;
      const last = [...execution.history]
        .reverse()
        .find((h) => h.type.endsWith('StateEntered') && topLevel.has(String((h.stateEnteredEventDetails as { name?: string })?.name)));
      const details = last?.stateEnteredEventDetails as { name: string; input: string } | undefined;
      // A callback completed (and saved) while its state was the current one resumes with that result.
      const completed = execution.completions?.find((c) => c.stateName === details?.name && c.enteredEventId === last?.id);
      if (details && last) this.launch(execution, JSON.parse(details.input), { startAt: details.name, enteredAt: last.timestamp }, completed);
      else this.launch(execution, JSON.parse(execution.input));
      resumed.push(execution.name);
    }
    return resumed;
  }
}
