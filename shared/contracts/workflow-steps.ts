/**
 * Workflow step contracts: each Task state's input (what the state machine passes, validated by the
 * step's handler in functions/workflow/ before the domain sees it) and output (what the handler returns to
 * the state machine; the handler's type is checked against it at compile time), and what the state machines
 * carry between states: the claim workflow's input, the Express child's input and output, a caught error and
 * the reviewer's answer to a callback. The state machines are infra/constructs/workflow.ts and
 * automated-steps.ts; every payload there is typed by these (infra/constructs/typed-states.ts).
 */
import * as z from 'zod';
import { providerOutcome } from './evidence.ts';
import { capturedReviewPolicy, reviewPolicy } from './review.ts';
import { duplicateMatch, triageOutcome } from './triage.ts';

/** How a claim closes without a verdict (the Close step's `outcome`). */
export const closeOutcome = z.enum(['rejected', 'review_expired', 'failed']);
export type CloseOutcome = z.infer<typeof closeOutcome>;

/** The RequestReview step runs to ask for a review, and again to escalate it. */
export const reviewPhase = z.enum(['request', 'escalate']);
export type ReviewPhase = z.infer<typeof reviewPhase>;

/** Step Functions execution endings that the claim must hear about (EventBridge status changes). */
export const unhappyExecutionStatus = z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']);
export type UnhappyExecutionStatus = z.infer<typeof unhappyExecutionStatus>;

/** What recording an execution's end did to its claim. */
export const executionEndOutcome = z.enum(['claim_failed', 'claim_already_closed', 'no_such_claim']);
export type ExecutionEndOutcome = z.infer<typeof executionEndOutcome>;

const claimId = z.string().min(1);

/**
 * What source gathering needs of a claim, as Triage answers it for the steps after it in the same round:
 * the statement providers are queried with and evidence is ranked against (normalized by triage), its
 * language, the claimant, and the claim's creation time (its listing buckets, for RecordEvidence's move).
 * Carrying it saves each GatherFromProvider and RecordEvidence a read of the claim.
 */
export const claimQuery = z.object({
  statement: z.string(),
  language: z.string().min(1),
  claimantName: z.string(),
  createdAt: z.string().min(1),
  /**
   * The published verdicts triage's similar-claim lookup found at least related to the statement (this claim
   * excluded), re-ranked: the archive evidence provider takes them instead of looking the statement up again.
   * Absent when triage did not look (a later round, a re-run): the provider then looks itself.
   */
  archiveMatches: z.array(duplicateMatch).optional(),
});
export type ClaimQuery = z.infer<typeof claimQuery>;
/**
 * The steps' `claim` field: null (or absent) when the round had no Triage (a round after a request for
 * changes, or a Triage deployed before it answered one); then the step reads the claim itself.
 */
const carriedClaim = claimQuery.nullish();

/** Triage: one claim; answers the outcome the TriageOutcome Choice reads, and the claim's query for a claim that goes on. */
export const triageInput = z.object({ claimId });
export const triageOutput = z.object({ outcome: triageOutcome, claim: claimQuery.optional() });

/** GatherFromProvider (an iteration of the GatherEvidence Map): one provider for one claim. */
export const gatherEvidenceInput = z.object({ claimId, provider: z.string().min(1), claim: carriedClaim });
export const gatherEvidenceOutput = providerOutcome;

/** RecordEvidence's input: every provider's outcome for one round of source gathering. */
export const recordEvidenceInput = z.object({
  claimId,
  round: z.number().int().positive(),
  outcomes: z.array(providerOutcome),
  claim: carriedClaim,
});
export const recordEvidenceOutput = z.object({ evidenceCount: z.number().int() });

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

/** A review round's settled decision, as sign-off hands it to the workflow (reviewers: who decided). */
const reviewers = z.array(z.string()).min(1);
export const approvalDecision = z.object({ decision: z.literal('approve'), rating: z.string().min(1), summary: z.string().min(1), reviewers });
export const settledDecision = z.discriminatedUnion('decision', [
  approvalDecision,
  z.object({ decision: z.literal('reject'), reason: z.string(), reviewers }),
  z.object({ decision: z.literal('request_changes'), notes: z.string(), reviewers }),
]);
export type SettledDecision = z.infer<typeof settledDecision>;
/** What a callback Task (RequestReview, EscalateReview) answers: the settled decision and its review. */
export const reviewAnswer = z.intersection(settledDecision, z.object({ reviewId: z.string() }));
export type ReviewAnswer = z.infer<typeof reviewAnswer>;

/** PublishVerdict: the approval sign-off settled (the Decision Choice let only approvals through). */
export const publishVerdictInput = z.object({ claimId, decision: approvalDecision });
export const publishVerdictOutput = z.object({ version: z.number().int() });

/** CloseClaim and RecordFailure: close the claim without a verdict. */
export const closeClaimInput = z.object({
  claimId,
  outcome: closeOutcome,
  reason: z.string().max(2000).catch('no reason given'),
});
/** The claim's status after closing, or `missing` for a claim that does not exist. */
export const closeClaimOutput = z.object({ status: z.string() });

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
  triage: { input: triageInput, output: triageOutput },
  'gather-evidence': { input: gatherEvidenceInput, output: gatherEvidenceOutput },
  'record-evidence': { input: recordEvidenceInput, output: recordEvidenceOutput },
  'request-review': { input: requestReviewInput, output: requestReviewOutput },
  'publish-verdict': { input: publishVerdictInput, output: publishVerdictOutput },
  'close-claim': { input: closeClaimInput, output: closeClaimOutput },
  'record-execution-end': { input: executionStatusChange, output: recordExecutionEndOutput },
} as const;
export type WorkflowStep = keyof typeof workflowSteps;
export type StepInput<K extends WorkflowStep> = z.output<(typeof workflowSteps)[K]['input']>;
export type StepOutput<K extends WorkflowStep> = z.input<(typeof workflowSteps)[K]['output']>;
