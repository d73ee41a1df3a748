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
} from '../../contracts/index.ts';

export interface TriageThresholds {
  /** Below this check-worthiness score the claim continues with priority "low" (or is closed, see below). */
  checkWorthy: number;
  /**
   * Policy: close a claim below `checkWorthy` as not check-worthy with no person involved. Off by default
   * (TRIAGE_AUTO_CLOSE=true turns it on); a model score alone should not discard what a fact-checker submitted.
   */
  autoCloseNotCheckWorthy?: boolean;
  /** At or above this similarity an earlier claim or verdict counts as a duplicate. */
  duplicate: number;
}

/** checkWorthy: 0.5 is the F1-best point on the dev splits (each model's offset is shifted there at training).
 * duplicate: the re-ranker's threshold, chosen on CheckThat! dev data (matching/rerank.ts). */
export const defaultTriageThresholds: TriageThresholds = { checkWorthy: 0.5, duplicate: 0.35, autoCloseNotCheckWorthy: false };
