/**
 * Workflow step contracts: each Task state's input (what the state machine passes, validated by the
 * step's handler in functions/workflow/ before the domain sees it) and output (what the handler returns to
 * the state machine; the handler's type is checked against it at compile time), and what the state machines
 * carry between states: the claim workflow's input, the Express child's input and output, a caught error and
 * the reviewer's answer to a callback. The state machines are infra/constructs/workflow.ts and
 * automated-steps.ts; every payload there is typed by these (infra/constructs/typed-states.ts).
 *
 * Each function's step contract is a module of its own (step-<function>.ts, re-exported here): a function
 * imports its step's module and its bundle builds only those schemas, not every step's (issue #11, cold start).
 */
import * as z from 'zod';
import { reviewPolicy, capturedReviewPolicy } from './review.ts';
import { claimId } from './step-common.ts';
import { closeClaimStepContract } from './step-close-claim.ts';
import { gatherEvidenceStepContract } from './step-gather-evidence.ts';
import { approvalDecision, publishVerdictStepContract, reviewers } from './step-publish-verdict.ts';
import { recordEvidenceStepContract } from './step-record-evidence.ts';
import { recordExecutionEndStepContract } from './step-record-execution-end.ts';
import { requestReviewStepContract } from './step-request-review.ts';
import { triageStepContract } from './step-triage.ts';

export { type ClaimQuery, claimQuery } from './step-common.ts';
export * from './step-close-claim.ts';
export * from './step-gather-evidence.ts';
export { approvalDecision, publishVerdictInput, publishVerdictOutput, publishVerdictStepContract } from './step-publish-verdict.ts';
export * from './step-record-evidence.ts';
export * from './step-record-execution-end.ts';
export * from './step-request-review.ts';
export * from './step-triage.ts';

/** A review round's settled decision, as sign-off hands it to the workflow (reviewers: who decided). */
export const settledDecision = z.discriminatedUnion('decision', [
  approvalDecision,
  z.object({ decision: z.literal('reject'), reason: z.string(), reviewers }),
  z.object({ decision: z.literal('request_changes'), notes: z.string(), reviewers }),
]);
export type SettledDecision = z.infer<typeof settledDecision>;
/** What a callback Task (RequestReview, EscalateReview) answers: the settled decision and its review. */
export const reviewAnswer = z.intersection(settledDecision, z.object({ reviewId: z.string() }));
export type ReviewAnswer = z.infer<typeof reviewAnswer>;

/** An error as a Catch records it in the state (`resultPath: '$.error'`). */
export const caughtError = z.object({ Error: z.string(), Cause: z.string() });
export type CaughtError = z.infer<typeof caughtError>;

/**
 * The claim workflow's input (shared/domain/services/submission.ts builds it; NextRound builds the next
 * round's): the round, the reviewer's notes of a request for changes (empty on the first round), the review
 * policy captured at submission and the evidence providers to gather from.
 */
export const executionReviewPolicy = capturedReviewPolicy.required().extend({ reviewDeadlineSeconds: reviewPolicy.shape.deadlineSeconds });
export const evidenceProviderItem = z.object({ name: z.string().min(1) });
export const claimWorkflowInput = z.object({
  claimId,
  round: z.number().int().positive(),
  notes: z.string(),
  policy: executionReviewPolicy,
  providers: z.array(evidenceProviderItem),
});
export type ClaimWorkflowInput = z.infer<typeof claimWorkflowInput>;

/** The Express child's input (one round's automated steps) and its output, which the Standard workflow routes on. */
export const automatedStepsInput = claimWorkflowInput.pick({ claimId: true, round: true, providers: true });
export const automatedStepsOutput = z.discriminatedUnion('next', [
  z.object({ next: z.literal('review') }),
  z.object({ next: z.literal('close') }),
  z.object({ next: z.literal('record_failure'), error: caughtError }),
]);
/** What RunAutomatedSteps keeps of the child's execution (its resultSelector). */
export const automatedStepsResult = z.object({ executionArn: z.string(), outcome: automatedStepsOutput });

/** Every workflow function: its input and output, by the name its handler is deployed and logged under. */
export const workflowSteps = {
  triage: triageStepContract,
  'gather-evidence': gatherEvidenceStepContract,
  'record-evidence': recordEvidenceStepContract,
  'request-review': requestReviewStepContract,
  'publish-verdict': publishVerdictStepContract,
  'close-claim': closeClaimStepContract,
  'record-execution-end': recordExecutionEndStepContract,
} as const;
export type WorkflowStep = keyof typeof workflowSteps;
export type StepInput<K extends WorkflowStep> = z.output<(typeof workflowSteps)[K]['input']>;
export type StepOutput<K extends WorkflowStep> = z.input<(typeof workflowSteps)[K]['output']>;
