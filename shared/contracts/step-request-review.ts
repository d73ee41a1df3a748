/** The RequestReview and EscalateReview steps' contract (see workflow-steps.ts). */
import * as z from 'zod';
import { capturedReviewPolicy } from './review.ts';
import { claimId } from './step-common.ts';

/** The RequestReview step runs to ask for a review, and again to escalate it. */
export const reviewPhase = z.enum(['request', 'escalate']);
export type ReviewPhase = z.infer<typeof reviewPhase>;

/** RequestReview and EscalateReview (callback states: the answer is the task token's, sent by sign-off). */
export const requestReviewInput = z.object({
  phase: reviewPhase,
  claimId,
  taskToken: z.string().min(1),
  round: z.number().int().positive(),
  deadlineSeconds: z.number().int().positive(),
  notes: z.string().nullish(),
  // The review policy captured at submission (the execution input); executions started before it was
  // passed here carry none and fall back to the configured policy.
  policy: capturedReviewPolicy.optional(),
});
/** deliveryRecorded false: the message was delivered, recording that failed (the step still succeeds; see notifyReviewers). */
export const requestReviewOutput = z.object({ reviewId: z.string(), deliveryRecorded: z.literal(false).optional() });
export const requestReviewStepContract = { input: requestReviewInput, output: requestReviewOutput } as const;
