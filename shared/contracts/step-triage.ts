/** The Triage step's contract (see workflow-steps.ts). */
import * as z from 'zod';
import { claimId, claimQuery } from './step-common.ts';
import { triageOutcome } from './triage.ts';

/** Triage: one claim; answers the outcome the TriageOutcome Choice reads, and the claim's query for a claim that goes on. */
export const triageInput = z.object({ claimId });
export const triageOutput = z.object({ outcome: triageOutcome, claim: claimQuery.optional() });
export const triageStepContract = { input: triageInput, output: triageOutput } as const;
