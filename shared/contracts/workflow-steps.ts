/**
 * Workflow step contracts: each Task state's input (what the state machine passes, validated by the
 * step's handler in functions/workflow/ before the domain sees it) and output (what the handler returns to
 * the state machine; the handler's type is checked against it at compile time). The state machine itself
 * is infra/constructs/workflow.ts.
 */
import * as z from 'zod';
import { providerOutcome } from './evidence.ts';
import { capturedReviewPolicy } from './review.ts';
import { triageOutcome } from './triage.ts';

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
export const requestReviewOutput = z.object({ reviewId: z.string() });

/** PublishVerdict: the approval sign-off settled (the Decision Choice let only approvals through). */
export const publishVerdictInput = z.object({
  claimId,
  decision: z.object({ decision: z.literal('approve'), rating: z.string().min(1), summary: z.string().min(1), reviewers: z.array(z.string()).min(1) }),
});
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
