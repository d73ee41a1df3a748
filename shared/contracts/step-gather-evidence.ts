/** The GatherFromProvider step's contract (see workflow-steps.ts). */
import * as z from 'zod';
import { providerOutcome } from './evidence.ts';
import { carriedClaim, claimId } from './step-common.ts';

/** GatherFromProvider (an iteration of the GatherEvidence Map): one provider for one claim. */
export const gatherEvidenceInput = z.object({ claimId, provider: z.string().min(1), claim: carriedClaim });
export const gatherEvidenceOutput = providerOutcome;
export const gatherEvidenceStepContract = { input: gatherEvidenceInput, output: gatherEvidenceOutput } as const;
