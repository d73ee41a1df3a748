/**
 * Task tokens for callback states (`.waitForTaskToken`), kept as the service keeps them: issued when the
 * interpreter reads `$$.Task.Token`, waiting once the state's handler runs, then settled exactly once by
 * SendTaskSuccess/Failure, a timeout, or the end of the execution. The answers to SendTask* name the
 * errors AWS names (InvalidToken, TaskDoesNotExist, TaskTimedOut).
 */
import { randomBytes } from 'node:crypto';
import { ServiceError } from './types.ts';

type TaskStatus = 'issued' | 'waiting' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

interface PendingTask {
  executionArn: string;
  stateName: string;
  status: TaskStatus;
  settle?: { resolve: (v: unknown) => void; reject: (e: Error) => void };
}

const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{80,}$/;

function findStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) findStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) findStrings(v, out);
  return out;
}

export class TaskTokens {
  private readonly tasks = new Map<string, PendingTask>();

  issue(executionArn: string): string {
    const token = `AQ${randomBytes(96).toString('base64url')}`;
    this.tasks.set(token, { executionArn, stateName: '', status: 'issued' });
    return token;
  }

  /**
   * Finds the issued token a callback state's payload carries and marks it waiting. `result` settles when
   * the token does (success, failure, timeout or the end of the execution); `failed` marks the task failed
   * when the state's own invocation fails.
   */
  wait(stateName: string, payload: unknown): { result: Promise<unknown>; failed: () => void } {
    const token = findStrings(payload).find((s) => this.tasks.get(s)?.status === 'issued');
    if (!token) throw new ServiceError('States.Runtime', `${stateName}: waitForTaskToken payload carries no task token`);
    const task = this.tasks.get(token)!;
    task.stateName = stateName;
    task.status = 'waiting';
    const result = new Promise((resolve, reject) => (task.settle = { resolve, reject }));
    // The engine may close the task (stop, timeout) after the interpreter stopped listening.
    result.catch(() => undefined);
    return { result, failed: () => (task.status = 'failed') };
  }

  private waiting(token: string): PendingTask {
    if (!TOKEN_PATTERN.test(token)) throw new ServiceError('InvalidToken', 'Invalid Token');
    const task = this.tasks.get(token);
    if (!task) throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    if (task.status === 'timed_out') throw new ServiceError('TaskTimedOut', 'Task Timed Out');
    if (task.status !== 'waiting') throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    return task;
  }

  /** The waiting task's execution and state (SendTask* validate the token first). */
  describe(token: string): { executionArn: string; stateName: string } {
    const { executionArn, stateName } = this.waiting(token);
    return { executionArn, stateName };
  }

  succeed(token: string, output: string): void {
    const task = this.waiting(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new ServiceError('InvalidOutput', 'output is not valid JSON');
    }
    task.status = 'succeeded';
    task.settle?.resolve(parsed);
  }

  fail(token: string, error = '', cause = ''): void {
    const task = this.waiting(token);
    task.status = 'failed';
    task.settle?.reject(Object.assign(new Error(cause), { name: error || 'TaskFailed' }));
  }

  heartbeat(token: string): void {
    this.waiting(token);
  }

  /** Closes an execution's open tasks (all of them, or one state's), settling their pending handlers. */
  cancel(executionArn: string, status: 'cancelled' | 'timed_out', stateName?: string): void {
    for (const task of this.tasks.values()) {
      if (task.executionArn !== executionArn || (stateName && task.stateName !== stateName)) continue;
      if (task.status === 'issued' || task.status === 'waiting') {
        task.status = status;
        // Settle the pending handler so no timer or promise outlives the task.
        task.settle?.reject(Object.assign(new Error('task closed'), { name: status === 'timed_out' ? 'States.Timeout' : 'States.Aborted' }));
      }
    }
  }
}
