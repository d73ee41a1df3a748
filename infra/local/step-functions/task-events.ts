/**
 * The Task* history events AWS records around each Task invocation (TaskScheduled, TaskStarted, for
 * callbacks TaskSubmitted, then TaskSucceeded or TaskFailed), written in AWS's order. The task handlers
 * know the parameters and results; the interpreter's event log knows when a state was entered. The handler
 * can run before its TaskStateEntered has been written (the event log is read asynchronously), so each
 * invocation's events wait until the state's entry (or its retry) is in the history.
 */
import type { HistoryWriter } from './history.ts';

export type TaskEventWriter = (type: string, details: Record<string, unknown>) => void;

class Slot {
  private buffered: Array<[string, Record<string, unknown>]> | null;

  constructor(
    private readonly write: HistoryWriter,
    live: boolean,
  ) {
    this.buffered = live ? null : [];
  }

  push(type: string, details: Record<string, unknown>): void {
    if (this.buffered) this.buffered.push([type, details]);
    else this.write(type, details);
  }

  release(): void {
    const pending = this.buffered ?? [];
    this.buffered = null;
    for (const [type, details] of pending) this.write(type, details);
  }
}

/** One per execution run. */
export class TaskEventSequencer {
  private readonly opened = new Map<string, number>();
  private readonly slots = new Map<string, Slot[]>();

  constructor(private readonly write: HistoryWriter) {}

  /** The history now holds the state's entry (or retry): its next invocation's events may follow. */
  open(stateName: string): void {
    const count = (this.opened.get(stateName) ?? 0) + 1;
    this.opened.set(stateName, count);
    this.slots.get(stateName)?.[count - 1]?.release();
  }

  /** A writer for one invocation of the state's task. */
  invocation(stateName: string): TaskEventWriter {
    const list = this.slots.get(stateName) ?? [];
    this.slots.set(stateName, list);
    const slot = new Slot(this.write, list.length < (this.opened.get(stateName) ?? 0));
    list.push(slot);
    return (type, details) => slot.push(type, details);
  }
}

/** `arn:aws:states:::lambda:invoke.waitForTaskToken` → resourceType `lambda`, resource `invoke.waitForTaskToken`. */
export function taskResource(resourceArn: string): { resourceType: string; resource: string } {
  const integration = /^arn:aws:states:::([^:]+):(.+)$/.exec(resourceArn);
  if (integration) return { resourceType: integration[1]!, resource: integration[2]! };
  // A bare Lambda ARN as Resource: AWS names it as a Lambda function resource.
  return { resourceType: 'lambda', resource: resourceArn };
}
