/**
 * A local Step Functions: runs the synthesized ASL with aws-local-stepfunctions and keeps executions,
 * their history and their task tokens the way the service does, so the HTTP front (service.ts) can answer
 * the real API.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { functionNameOf, type LocalLambdaRuntime } from '../lambda-runtime.ts';
import './node20-compat.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  history: HistoryEvent[];
  abort: () => void;
  done: Promise<void>;
  /** Set while the local stack shuts down with persistence: the execution resumes on the next start. */
  suspended?: boolean;
}

/** Errors the Step Functions API names; the HTTP front turns them into `__type` answers. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

interface PendingTask {
  executionArn: string;
  stateName: string;
  status: 'issued' | 'waiting' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled';
  settle?: { resolve: (v: unknown) => void; reject: (e: Error) => void };
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{80,}$/;

type AslState = { Type: string; Resource?: string; Parameters?: unknown; ItemProcessor?: AslMachine; Iterator?: AslMachine; Branches?: AslMachine[] };
type AslMachine = { States: Record<string, AslState> };

function* taskStates(machine: AslMachine): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Task') yield [name, state];
    if (state.ItemProcessor) yield* taskStates(state.ItemProcessor);
    if (state.Iterator) yield* taskStates(state.Iterator);
    for (const branch of state.Branches ?? []) yield* taskStates(branch);
  }
}

/**
 * On AWS, TimeoutSecondsPath is read from the state input; aws-local-stepfunctions reads it from the
 * effective input (after Parameters). For each such Task we point the path at the parameter that copies
 * the same value, so both read the same number; a Task whose timeout value is not also passed in its
 * Parameters is refused here rather than run with the wrong deadline.
 */
function adaptTimeoutPaths(machine: AslMachine): Record<string, unknown> {
  const locate = (params: unknown, path: string, at: string[] = []): string[] | null => {
    if (!params || typeof params !== 'object') return null;
    for (const [key, value] of Object.entries(params)) {
      if (key.endsWith('.$') && value === path) return [...at, key.slice(0, -2)];
      const found = locate(value, path, [...at, key]);
      if (found) return found;
    }
    return null;
  };
  const visit = (m: AslMachine) => {
    for (const [name, state] of Object.entries(m.States) as Array<[string, AslState & { TimeoutSecondsPath?: string }]>) {
      if (state.Type === 'Task' && state.TimeoutSecondsPath) {
        const found = locate(state.Parameters, state.TimeoutSecondsPath);
        if (!found) throw new Error(`state ${name}: TimeoutSecondsPath ${state.TimeoutSecondsPath} must also be passed in its Parameters to run locally`);
        state.TimeoutSecondsPath = `$.${found.join('.')}`;
      }
      if (state.ItemProcessor) visit(state.ItemProcessor);
      if (state.Iterator) visit(state.Iterator);
      state.Branches?.forEach(visit);
    }
  };
  visit(machine);
  return machine as unknown as Record<string, unknown>;
}

function findStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => findStrings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => findStrings(v, out));
  return out;
}

export class LocalStepFunctionsEngine {
  readonly executions = new Map<string, Execution>();
  private readonly tasks = new Map<string, PendingTask>();
  private readonly machine: StateMachine;
  // The library types task input/output as JSON values; our handlers know their concrete shapes.
  private readonly handlers: Record<string, (input: any) => Promise<any>> = {}; // eslint-disable-line

  private readonly runnable: Record<string, unknown>;
  private saveTimer: NodeJS.Timeout | undefined;

  /**
   * @param stateFile where executions are kept across restarts (npm start); omit to keep them in memory.
   */
  constructor(
    readonly stateMachineArn: string,
    readonly definitionJson: Record<string, unknown>,
    private readonly lambdas: LocalLambdaRuntime,
    private readonly stateFile?: string,
  ) {
    // Node timers overflow past 2^31 ms (24.8 days) and then fire at once; clamp the execution timeout.
    const timeout = definitionJson.TimeoutSeconds;
    const clamped = typeof timeout === 'number' && timeout * 1000 > MAX_TIMER_MS ? { ...definitionJson, TimeoutSeconds: Math.floor(MAX_TIMER_MS / 1000) } : definitionJson;
    const runnable = adaptTimeoutPaths(structuredClone(clamped) as unknown as AslMachine);
    this.runnable = runnable;
    this.machine = new StateMachine(runnable as unknown as StateMachineDefinition, { validationOptions: { checkArn: false } });
    for (const [name, state] of taskStates(definitionJson as unknown as AslMachine)) {
      this.handlers[name] = this.taskHandler(name, state);
    }
  }

  /** Every Task maps to a local handler: a Task without one would silently try to call real AWS. */
  private taskHandler(stateName: string, state: AslState) {
    const resource = state.Resource ?? '';
    if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
      return async (input: { FunctionName: string; Payload: unknown }) => this.invokeAndWait(stateName, input);
    }
    if (resource === 'arn:aws:states:::lambda:invoke') {
      return async (input: { FunctionName: string; Payload: unknown }) => ({
        Payload: await this.lambdas.invoke(functionNameOf(input.FunctionName), input.Payload),
        StatusCode: 200,
      });
    }
    if (resource.startsWith('arn:aws:lambda:')) {
      const fn = functionNameOf(resource);
      if (!this.lambdas.has(fn)) throw new Error(`state ${stateName} invokes ${fn}, which has no local handler`);
      return async (input: unknown) => this.lambdas.invoke(fn, input);
    }
    throw new Error(`state ${stateName} uses ${resource}, which the local Step Functions does not run`);
  }

  private async invokeAndWait(stateName: string, input: { FunctionName: string; Payload: unknown }): Promise<unknown> {
    const token = findStrings(input.Payload).find((s) => this.tasks.get(s)?.status === 'issued');
    if (!token) throw new ServiceError('States.Runtime', `${stateName}: waitForTaskToken payload carries no task token`);
    const task = this.tasks.get(token)!;
    task.stateName = stateName;
    task.status = 'waiting';
    const result = new Promise((resolve, reject) => (task.settle = { resolve, reject }));
    // The engine may close the task (stop, timeout) after the interpreter stopped listening.
    result.catch(() => undefined);
    try {
      await this.lambdas.invoke(functionNameOf(input.FunctionName), input.Payload);
    } catch (err) {
      task.status = 'failed';
      throw err;
    }
    return result;
  }

  private issueToken(executionArn: string): string {
    const token = `AQ${randomBytes(96).toString('base64url')}`;
    this.tasks.set(token, { executionArn, stateName: '', status: 'issued' });
    return token;
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

  /** Runs (or, with `startAt`, resumes) an execution's interpretation and records its history. */
  private launch(execution: Execution, input: unknown, startAt?: string): void {
    const engine = this;
    const machine = startAt
      ? // Validated in full by the constructor; starting elsewhere leaves earlier states unreachable, which the validator would refuse.
        new StateMachine({ ...this.runnable, StartAt: startAt } as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } })
      : this.machine;
    const originalInput = JSON.parse(execution.input) as unknown;
    const run = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.handlers },
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name, StartTime: execution.startDate.toISOString(), Input: originalInput as never, RoleArn: 'arn:aws:iam::000000000000:role/local' },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').pop() },
        Task: {
          get Token() {
            return engine.issueToken(execution.executionArn);
          },
        },
      },
    });
    execution.abort = run.abort;
    const history = this.recordHistory(execution, run.eventLogs, Boolean(startAt));
    execution.done = run.result
      .then(
        (output) => {
          this.finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) });
        },
        (err: Error) => {
          if (execution.status !== 'RUNNING' || execution.suspended) return;
          if (err.name === 'ExecutionTimeoutError') this.finish(execution, 'TIMED_OUT', { error: 'States.Timeout' });
          else this.finish(execution, 'FAILED', errorOf(err));
        },
      )
      .then(() => history);
  }

  private finish(execution: Execution, status: ExecutionStatus, detail: { output?: string; error?: string; cause?: string }): void {
    if (execution.status !== 'RUNNING') return;
    execution.status = status;
    execution.stopDate = new Date();
    Object.assign(execution, detail);
    this.cancelTasks(execution.executionArn, 'cancelled');
    this.persist();
  }

  private cancelTasks(executionArn: string, status: 'cancelled' | 'timed_out', stateName?: string): void {
    for (const task of this.tasks.values()) {
      if (task.executionArn !== executionArn || (stateName && task.stateName !== stateName)) continue;
      if (task.status === 'issued' || task.status === 'waiting') {
        task.status = status;
        // Settle the pending handler so no timer or promise outlives the task.
        task.settle?.reject(Object.assign(new Error('task closed'), { name: status === 'timed_out' ? 'States.Timeout' : 'States.Aborted' }));
      }
    }
  }

  private async recordHistory(execution: Execution, events: AsyncGenerator<Record<string, any>>, resumed: boolean): Promise<void> { // eslint-disable-line -- the library's event union, narrowed by `type` below
    const push = (type: string, details: Record<string, unknown> = {}, timestamp = Date.now()) => {
      if (execution.suspended) return;
      const id = execution.history.length + 1;
      execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(timestamp), type, ...details });
      this.persist();
    };
    try {
      for await (const event of events) {
        const state = event.state as { name: string; type: string; input?: unknown; output?: unknown } | undefined;
        const at = event.timestamp as number;
        switch (event.type) {
          case 'ExecutionStarted':
            if (resumed) break; // a resumed execution keeps its original start
            push('ExecutionStarted', { executionStartedEventDetails: { input: JSON.stringify(event.input), roleArn: 'arn:aws:iam::000000000000:role/local' } }, at);
            break;
          case 'ExecutionSucceeded':
            push('ExecutionSucceeded', { executionSucceededEventDetails: { output: JSON.stringify(event.output) } }, at);
            break;
          case 'ExecutionFailed':
            push('ExecutionFailed', { executionFailedEventDetails: { error: event.Error, cause: causeText(event.Cause) } }, at);
            break;
          case 'ExecutionAborted':
            break; // recorded by stop(), with the caller's error and cause
          case 'ExecutionTimeout':
            push('ExecutionTimedOut', { executionTimedOutEventDetails: { error: 'States.Timeout' } }, at);
            break;
          case 'StateEntered':
            push(`${state!.type}StateEntered`, { stateEnteredEventDetails: { name: state!.name, input: JSON.stringify(state!.input) } }, at);
            break;
          case 'StateExited':
            push(`${state!.type}StateExited`, { stateExitedEventDetails: { name: state!.name, output: JSON.stringify(state!.output) } }, at);
            break;
          case 'StateFailed': {
            if (state!.type === 'Fail') break; // AWS records the ExecutionFailed that follows, not a state failure
            const timedOut = event.Error === 'States.Timeout';
            if (timedOut) this.cancelTasks(execution.executionArn, 'timed_out', state!.name);
            const kind = state!.type === 'Task' ? (timedOut ? 'TaskTimedOut' : 'TaskFailed') : `${state!.type}StateFailed`;
            const key = kind.charAt(0).toLowerCase() + kind.slice(1) + 'EventDetails';
            push(kind, { [key]: { error: event.Error, cause: causeText(event.Cause), resourceType: 'lambda', resource: state!.name } }, at);
            break;
          }
          case 'MapIterationStarted':
          case 'MapIterationSucceeded':
          case 'MapIterationFailed':
            push(event.type, { mapIterationEventDetails: { name: event.parentState?.name, index: event.index } }, at);
            break;
          default:
            break;
        }
      }
    } catch {
      // The iterator ends with the execution; an abort may close it early.
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
      const id = execution.history.length + 1;
      execution.history.push({ id, previousEventId: id - 1, timestamp: new Date(), type: 'ExecutionAborted', executionAbortedEventDetails: { error, cause } });
    }
    return execution.stopDate ?? new Date();
  }

  private taskFor(token: string): PendingTask {
    if (!TOKEN_PATTERN.test(token)) throw new ServiceError('InvalidToken', 'Invalid Token');
    const task = this.tasks.get(token);
    if (!task) throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    if (task.status === 'timed_out') throw new ServiceError('TaskTimedOut', 'Task Timed Out');
    if (task.status !== 'waiting') throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    return task;
  }

  sendTaskSuccess(token: string, output: string): void {
    const task = this.taskFor(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new ServiceError('InvalidOutput', 'output is not valid JSON');
    }
    task.status = 'succeeded';
    task.settle?.resolve(parsed);
  }

  sendTaskFailure(token: string, error = '', cause = ''): void {
    const task = this.taskFor(token);
    task.status = 'failed';
    task.settle?.reject(Object.assign(new Error(cause), { name: error || 'TaskFailed' }));
  }

  sendTaskHeartbeat(token: string): void {
    this.taskFor(token);
  }

  /**
   * Local shutdown. With a state file, running executions are suspended and saved, to resume where they
   * were on the next start; without one they are stopped. Either way no handler or timer outlives it.
   */
  async close(): Promise<void> {
    const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    for (const e of running) {
      if (this.stateFile) {
        e.suspended = true;
        this.cancelTasks(e.executionArn, 'cancelled');
        e.abort();
      } else {
        this.stop(e.executionArn, 'LocalShutdown', 'the local stack is stopping');
      }
    }
    await Promise.allSettled(running.map((e) => e.done));
    clearTimeout(this.saveTimer);
    this.save();
  }

  private persist(): void {
    if (!this.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 100);
    this.saveTimer.unref();
  }

  private save(): void {
    if (!this.stateFile) return;
    const executions = [...this.executions.values()].map(({ abort: _a, done: _d, suspended: _s, ...rest }) => rest);
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ stateMachineArn: this.stateMachineArn, executions }));
    renameSync(tmp, this.stateFile);
  }

  /**
   * Loads saved executions. A running one resumes at the top-level state it was in, with that state's
   * input: a callback task asks again (a fresh token and review request), earlier steps are not redone.
   * Returns the names of the executions resumed.
   */
  restore(): string[] {
    if (!this.stateFile || !existsSync(this.stateFile)) return [];
    const saved = JSON.parse(readFileSync(this.stateFile, 'utf8')) as { executions: Array<Omit<Execution, 'abort' | 'done'>> };
    const topLevel = new Set(Object.keys((this.runnable as unknown as AslMachine).States));
    const resumed: string[] = [];
    for (const raw of saved.executions) {
      const execution: Execution = {
        ...raw,
        startDate: new Date(raw.startDate),
        ...(raw.stopDate ? { stopDate: new Date(raw.stopDate) } : {}),
        history: raw.history.map((h) => ({ ...h, timestamp: new Date(h.timestamp) })),
        abort: () => undefined,
        done: Promise.resolve(),
      };
      this.executions.set(execution.executionArn, execution);
      if (execution.status !== 'RUNNING') continue;
      const last = [...execution.history].reverse().find((h) => h.type.endsWith('StateEntered') && topLevel.has(String((h.stateEnteredEventDetails as { name?: string })?.name)));
      const details = last?.stateEnteredEventDetails as { name: string; input: string } | undefined;
      if (details) this.launch(execution, JSON.parse(details.input), details.name);
      else this.launch(execution, JSON.parse(execution.input));
      resumed.push(execution.name);
    }
    return resumed;
  }
}

function causeText(cause: unknown): string {
  return typeof cause === 'string' ? cause : JSON.stringify(cause ?? '');
}

function errorOf(err: Error): { error: string; cause: string } {
  const inner = (err as Error & { cause?: { name?: string; message?: string } }).cause;
  return { error: inner?.name ?? err.name, cause: inner?.message ?? err.message };
}
