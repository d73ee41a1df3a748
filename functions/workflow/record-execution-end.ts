/**
 * Invoked by the EventBridge rule on Step Functions execution status changes (FAILED, TIMED_OUT,
 * ABORTED of the claim workflow; infra/constructs/execution-ends.ts), and locally by the local Step
 * Functions: marks the claim failed if it is still open. Executions are named after their claim (and its run).
 * The event's contract is `executionStatusChange` (shared/contracts/workflow-steps.ts).
 */
import { claimIdOfExecution } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { recordExecutionEnd } from '../../shared/domain/services/execution-ends.ts';
import { recordExecutionEndStepContract } from '../../shared/contracts/step-record-execution-end.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

export const handler = workflowHandler(
  'record-execution-end',
  recordExecutionEndStepContract,
  async ({ detail: { name, status, error, cause } }, rt) =>
    recordExecutionEnd(rt.services, { claimId: claimIdOfExecution(name), status, ...(error ? { error } : {}), ...(cause ? { cause } : {}) }),
  // The claim id workflowHandler logs: the execution's name tells whose run it was.
  { claimIdOf: ({ detail }) => claimIdOfExecution(detail.name) },
);
