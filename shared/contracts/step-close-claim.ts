/** The CloseClaim and RecordFailure steps' contract (see workflow-steps.ts). */
import * as z from 'zod';
import { claimId } from './step-common.ts';

/** How a claim closes without a verdict (the Close step's `outcome`). */
export const closeOutcome = z.enum(['rejected', 'review_expired', 'failed']);
export type CloseOutcome = z.infer<typeof closeOutcome>;

/** CloseClaim and RecordFailure: close the claim without a verdict. */
export const closeClaimInput = z.object({
  claimId,
  outcome: closeOutcome,
  reason: z.string().max(2000).catch('no reason given'),
});
/** The claim's status after closing, or `missing` for a claim that does not exist. */
export const closeClaimOutput = z.object({ status: z.string() });
export const closeClaimStepContract = { input: closeClaimInput, output: closeClaimOutput } as const;
