/**
 * What the state of each state machine holds where its states read it, as types built from the contracts
 * (shared/contracts/workflow-steps.ts): the paths the Tasks, the Map and the Pass states read are typed by
 * these (typed-states.ts), so a path the state does not have, or of another type, does not compile.
 */
import type * as z from 'zod';
import type {
  automatedStepsInput,
  automatedStepsOutput,
  automatedStepsResult,
  CaughtError,
  ClaimWorkflowInput,
  evidenceProviderItem,
  gatherEvidenceInput,
  gatherEvidenceOutput,
  ReviewAnswer,
  StepOutput,
  triageOutput,
} from '../../shared/contracts/index.ts';
import { mapItemPaths, pathTo, resultPathFor, statePaths } from './typed-states.ts';

/** A state entered from a Catch (`resultPath: '$.error'`): the error is there. */
type Caught<S> = Omit<S, 'error'> & { error: CaughtError };

/**
 * The claim workflow (Standard): its input, the Express child's result, the reviewer's answer, the published
 * version, a caught error (and, should recording it fail too, that error).
 */
export interface ClaimWorkflowState extends ClaimWorkflowInput {
  automated?: z.infer<typeof automatedStepsResult>;
  decision?: ReviewAnswer;
  published?: StepOutput<'publish-verdict'>;
  error?: CaughtError;
  recordFailureError?: CaughtError;
}
/** The claim workflow after the Decision Choice let one kind of decision through. */
type Decided<D extends ReviewAnswer['decision']> = Omit<ClaimWorkflowState, 'decision'> & { decision: Extract<ReviewAnswer, { decision: D }> };

export const claimState = statePaths<ClaimWorkflowState>();
export const failedClaimState = statePaths<Caught<ClaimWorkflowState>>();
export const approvedClaimState = statePaths<Decided<'approve'>>();
export const rejectedClaimState = statePaths<Decided<'reject'>>();
export const changesRequestedClaimState = statePaths<Decided<'request_changes'>>();
/**
 * Where the claim workflow's states write their results, and what its Fail and deadlines read: each path typed
 * by what is written or read there.
 */
export const claimPaths = {
  /** Every Catch puts the error it caught here (RecordFailure, EscalateReview and ExpireReview read it). */
  caught: resultPathFor<CaughtError>(claimState.resultPath('$.error')),
  /** RecordFailure's own Catch: the execution still fails with the original error. */
  recordFailureError: resultPathFor<CaughtError>(failedClaimState.resultPath('$.recordFailureError')),
  automated: resultPathFor<z.infer<typeof automatedStepsResult>>(claimState.resultPath('$.automated')),
  /** The reviewer's answer to RequestReview or EscalateReview. */
  decision: resultPathFor<ReviewAnswer>(claimState.resultPath('$.decision')),
  errorName: pathTo<string>(failedClaimState.path('$.error.Error')),
  errorCause: pathTo<string>(failedClaimState.path('$.error.Cause')),
  reviewDeadlineSeconds: pathTo<number>(claimState.path('$.policy.reviewDeadlineSeconds')),
  escalationSeconds: pathTo<number>(failedClaimState.path('$.policy.escalationSeconds')),
};
/** RunAutomatedSteps's result (startExecution.sync:2): the child's ARN and its parsed output. */
export const childExecution = statePaths<{ ExecutionArn: string; Output: z.infer<typeof automatedStepsOutput> }>();

/**
 * The automated steps (Express): the child's input, Triage's answer (or LaterRound's null claim) under
 * `triage`, every provider's outcome under `gathered` (both set before any state that reads them).
 */
export type AutomatedStepsState = z.infer<typeof automatedStepsInput> & {
  triage: z.input<typeof triageOutput> | { claim: null };
  gathered: z.input<typeof gatherEvidenceOutput>[];
  error?: CaughtError;
};
export const automatedState = statePaths<AutomatedStepsState>();
export const failedAutomatedState = statePaths<Caught<AutomatedStepsState>>();
/** A GatherEvidence iteration: its ItemSelector's output, over one provider of the input's list. */
export const gatherState = statePaths<z.infer<typeof gatherEvidenceInput>>();
export const providerItem = mapItemPaths<z.infer<typeof evidenceProviderItem>>();
