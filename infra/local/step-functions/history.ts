/**
 * An execution's history in AWS's shape, translated from aws-local-stepfunctions' event log: the event
 * types and `<type>EventDetails` fields GetExecutionHistory returns on AWS.
 */

/** Appends one history event (type, details, the time it happened). */
export type HistoryWriter = (type: string, details?: Record<string, unknown>, timestamp?: number) => void;

export interface HistoryOptions {
  /** A resumed execution keeps its original ExecutionStarted. */
  resumed: boolean;
  /** Called when a state times out, before its TaskTimedOut is recorded (its open tokens close). */
  onStateTimedOut?: (stateName: string) => void;
  /** Called once a Task state's entry or retry is in the history: its Task* events may follow (task-events.ts). */
  onTaskOpened?: (stateName: string) => void;
  /** The Task state's resource as AWS names it in Task events. */
  resourceOf?: (stateName: string) => { resourceType: string; resource: string };
}

// biome-ignore lint/suspicious/noExplicitAny: the library's event union, narrowed by `type` below
type LibraryEvent = Record<string, any>;

export async function recordHistory(events: AsyncGenerator<LibraryEvent>, push: HistoryWriter, opts: HistoryOptions): Promise<void> {
  try {
    for await (const event of events) {
      const state = event.state as { name: string; type: string; input?: unknown; output?: unknown } | undefined;
      const at = event.timestamp as number;
      switch (event.type) {
        case 'ExecutionStarted':
          if (opts.resumed) break;
          push(
            'ExecutionStarted',
            { executionStartedEventDetails: { input: JSON.stringify(event.input), roleArn: 'arn:aws:iam::000000000000:role/local' } },
            at,
          );
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
          if (state!.type === 'Task') opts.onTaskOpened?.(state!.name);
          break;
        case 'StateRetried':
          if (state!.type === 'Task') opts.onTaskOpened?.(state!.name);
          break;
        case 'StateExited':
          push(`${state!.type}StateExited`, { stateExitedEventDetails: { name: state!.name, output: JSON.stringify(state!.output) } }, at);
          break;
        case 'StateFailed': {
          if (state!.type === 'Fail') break; // AWS records the ExecutionFailed that follows, not a state failure
          const timedOut = event.Error === 'States.Timeout';
          if (timedOut) opts.onStateTimedOut?.(state!.name);
          // A Task's own failure is its TaskFailed, written by its handler (task-handlers.ts) with the
          // invocation's other events; a timeout is the interpreter's to report.
          if (state!.type === 'Task' && !timedOut) break;
          const kind = state!.type === 'Task' ? 'TaskTimedOut' : `${state!.type}StateFailed`;
          const key = `${kind.charAt(0).toLowerCase()}${kind.slice(1)}EventDetails`;
          const resource = state!.type === 'Task' ? (opts.resourceOf?.(state!.name) ?? {}) : {};
          push(kind, { [key]: { error: event.Error, cause: causeText(event.Cause), ...resource } }, at);
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

export function causeText(cause: unknown): string {
  return typeof cause === 'string' ? cause : JSON.stringify(cause ?? '');
}
