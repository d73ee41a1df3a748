/** Workflow step contracts: the enums the state machine passes to its steps. */
import { z } from 'zod';
import { providerOutcome } from './evidence.ts';

/** How a claim closes without a verdict (the Close step's `outcome`). */
export const closeOutcome = z.enum(['rejected', 'review_expired', 'failed']);
export type CloseOutcome = z.infer<typeof closeOutcome>;

/** The RequestReview step runs to ask for a review, and again to escalate it. */
export const reviewPhase = z.enum(['request', 'escalate']);
export type ReviewPhase = z.infer<typeof reviewPhase>;

/** Step Functions execution endings that the claim must hear about (EventBridge status changes). */
export const unhappyExecutionStatus = z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']);
export type UnhappyExecutionStatus = z.infer<typeof unhappyExecutionStatus>;

/** RecordEvidence's input: every provider's outcome for one round of source gathering. */
export const recordEvidenceInput = z.object({ claimId: z.string().min(1), round: z.number().int().positive(), outcomes: z.array(providerOutcome) });
