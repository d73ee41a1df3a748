/**
 * Invoked by the EventBridge rule on Step Functions execution status changes (FAILED, TIMED_OUT,
 * ABORTED of the claim workflow; infra/constructs/execution-ends.ts), and locally by the local Step
 * Functions: marks the claim failed if it is still open. Executions are named after their claim (and its run).
 */
import { z } from 'zod';
import { recordExecutionEnd } from '../../shared/domain/services/execution-ends.ts';
import { claimIdOfExecution } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { unhappyExecutionStatus } from '../../shared/contracts/index.ts';

/** The part of EventBridge's "Step Functions Execution Status Change" event this handler reads. */
const statusChange = z
  .object({
    source: z.literal('aws.states'),
    'detail-type': z.literal('Step Functions Execution Status Change'),
    detail: z.object({
      executionArn: z.string().min(1),
      name: z.string().min(1).max(80),
      status: unhappyExecutionStatus,
      error: z.string().nullish(),
      cause: z.string().nullish(),
    }),
  })
  // workflowHandler logs the claim id it finds on the input.
  .transform((e) => ({ claimId: claimIdOfExecution(e.detail.name), ...e.detail }));

export const handler = workflowHandler('record-execution-end', statusChange, async ({ claimId, status, error, cause }, rt) =>
  recordExecutionEnd(rt.services, { claimId, status, ...(error ? { error } : {}), ...(cause ? { cause } : {}) }),
);
