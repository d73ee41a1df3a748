/** The PublishVerdict step's contract, and the approval it publishes (see workflow-steps.ts). */
import * as z from 'zod';
import { claimId } from './step-common.ts';

/** Who decided a review round (a settled decision's `reviewers`). */
export const reviewers = z.array(z.string()).min(1);
/** A review round's settled approval, as sign-off hands it to the workflow (the other decisions: workflow-steps.ts). */
export const approvalDecision = z.object({ decision: z.literal('approve'), rating: z.string().min(1), summary: z.string().min(1), reviewers });

/** PublishVerdict: the approval sign-off settled (the Decision Choice let only approvals through). */
export const publishVerdictInput = z.object({ claimId, decision: approvalDecision });
export const publishVerdictOutput = z.object({ version: z.number().int() });
export const publishVerdictStepContract = { input: publishVerdictInput, output: publishVerdictOutput } as const;
