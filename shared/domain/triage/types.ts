/**
 * Triage contracts: what the triage step produces for a claim. Pure data, no I/O. The records (the triage
 * result, its check-worthiness, language, duplicate matches and the similarity signature) are defined once,
 * in shared/contracts/triage.ts; these are their types.
 */
export type {
  ChangeDirection,
  CheckWorthiness,
  CheckWorthinessReason,
  ClaimSignature,
  DetectedLanguage,
  DuplicateKind,
  DuplicateMatch,
  TriageOutcome,
  TriagePriority,
  TriageResult,
  TriageThresholds,
} from '../../contracts/index.ts';
export { defaultTriageThresholds } from '../../contracts/index.ts';
