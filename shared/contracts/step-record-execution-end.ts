/** The RecordExecutionEnd function's contract: the EventBridge event it reads (see workflow-steps.ts). */
import * as z from 'zod';

/** Step Functions execution endings that the claim must hear about (EventBridge status changes). */
export const unhappyExecutionStatus = z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']);
export type UnhappyExecutionStatus = z.infer<typeof unhappyExecutionStatus>;

/** What recording an execution's end did to its claim. */
export const executionEndOutcome = z.enum(['claim_failed', 'claim_already_closed', 'no_such_claim']);
export type ExecutionEndOutcome = z.infer<typeof executionEndOutcome>;

/** The part of EventBridge's "Step Functions Execution Status Change" event RecordExecutionEnd reads. */
export const executionStatusChange = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1),
    // Executions are named after their claim (and its run: shared/adapters/step-functions/workflow-engine.ts).
    name: z.string().min(1).max(80),
    status: unhappyExecutionStatus,
    error: z.string().nullish(),
    cause: z.string().nullish(),
  }),
});
export const recordExecutionEndOutput = z.object({ outcome: executionEndOutcome });
export const recordExecutionEndStepContract = { input: executionStatusChange, output: recordExecutionEndOutput } as const;
