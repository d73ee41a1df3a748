/**
 * What each step of the claim workflow does, one module per state (./workflow-steps/); the Lambda handlers in
 * functions/workflow are thin wrappers around them and the state machine in infra/ decides the order. Handlers
 * import their own step's module, not this index, so a function's bundle holds only the code its step runs
 * (the triage models and lexicons only in the triage function's).
 */
export { triageStep } from './workflow-steps/triage.ts';
export { gatherFromProvider, type ProviderResultSummary, recordEvidenceStep } from './workflow-steps/evidence.ts';
export { escalateReviewStep, type ReviewRequestInput, requestReviewStep, reviewRequestMessage } from './workflow-steps/review.ts';
export { publishStep } from './workflow-steps/publish.ts';
export { type CloseOutcome, closeStep } from './workflow-steps/close.ts';
