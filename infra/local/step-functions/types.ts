/**
 * The shapes the local Step Functions keeps and answers with: executions, their history events, and the
 * errors the Step Functions API names.
 */
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
  /**
   * Callback completions (SendTaskSuccess/Failure) written to disk before they were acknowledged: a restart
   * resumes the callback state with its recorded result instead of asking again (see engine.restore).
   */
  completions?: TaskCompletion[];
  /** A child (Express) execution: the ARN of the execution whose Task started it. */
  startedBy?: string;
  /** Set while the local stack shuts down with persistence: the execution resumes on the next start. */
  suspended?: boolean;
}

/** One callback task's result, as SendTaskSuccess (`output`) or SendTaskFailure (`error`, `cause`) delivered it. */
export interface TaskCompletion {
  stateName: string;
  /** The history id of the state entry the task belonged to. */
  enteredEventId: number;
  output?: string;
  error?: string;
  cause?: string;
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
