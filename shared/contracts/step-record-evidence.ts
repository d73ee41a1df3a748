/** The RecordEvidence step's contract (see workflow-steps.ts). */
import * as z from 'zod';
import { providerOutcome } from './evidence.ts';
import { carriedClaim, claimId } from './step-common.ts';

/** RecordEvidence's input: every provider's outcome for one round of source gathering. */
export const recordEvidenceInput = z.object({
  claimId,
  round: z.number().int().positive(),
  outcomes: z.array(providerOutcome),
  claim: carriedClaim,
});
export const recordEvidenceOutput = z.object({ evidenceCount: z.number().int() });
export const recordEvidenceStepContract = { input: recordEvidenceInput, output: recordEvidenceOutput } as const;
