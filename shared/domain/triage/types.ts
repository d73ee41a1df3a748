/**
 * Triage contracts: what the triage step produces for a claim. Pure data, no I/O.
 */

export interface CheckWorthinessReason {
  /** Machine-readable signal, e.g. "quantity", "named_entity", "attribution", "opinion", "question". */
  code: string;
  /** Human-readable explanation naming the evidence in the text, e.g. 'contains the quantity "3.9%"'. */
  description: string;
  /** Signed contribution to the score (positive raises, negative lowers). */
  weight: number;
}

export interface CheckWorthiness {
  /** 0..1; higher means more worth checking. */
  score: number;
  reasons: CheckWorthinessReason[];
}

export interface DetectedLanguage {
  /** ISO 639-1 code ("en", "fr", ...), or "und" when undetermined. */
  code: string;
  /** True when detected from the text; false when given by the submitter. */
  detected: boolean;
}

/**
 * A compact, serializable description of a claim used to find rewordings of it.
 * Stored alongside index entries so candidates can be verified without re-reading the claim.
 */
export interface ClaimSignature {
  /** Canonical tokens (lower-cased, synonyms folded, stop words dropped, numbers normalized). */
  tokens: string[];
  /** Exact-match fingerprint of the canonical token sequence (hex). */
  fingerprint: string;
  /** LSH band keys (MinHash bands), each a short string; equal band keys make two claims candidates. */
  bands: string[];
  /** Normalized quantities found in the claim ("3.9%", "3000", "2024-03"); rewordings must agree on them. */
  quantities: string[];
  /** Direction of change the claim asserts, when any: "up", "down" or null. */
  direction: 'up' | 'down' | null;
  /**
   * Canonical tokens of the names in the claim (capitalized words not at the start of the sentence, or a
   * possessive at the start: "Ireland's"). Two claims that each name something the other lacks do not match.
   * Optional so signatures stored before this field existed stay valid.
   */
  entities?: string[];
}

import type { DuplicateKind, TriageOutcome } from '../../contracts/index.ts';

export type { DuplicateKind, TriageOutcome } from '../../contracts/index.ts';

export interface DuplicateMatch {
  kind: DuplicateKind;
  /** Claim id of the earlier claim (for a verdict, the claim it belongs to). */
  claimId: string;
  similarity: number;
}

export interface TriageResult {
  normalizedStatement: string;
  language: DetectedLanguage;
  checkWorthiness: CheckWorthiness;
  duplicateOf: DuplicateMatch | null;
  /**
   * Earlier claims and verdicts on the same subject that assert something else ("nowhere near 3,000" against
   * "3,000 troops"): shown to the reviewer with their verdicts, never a reason to close the claim.
   */
  related?: DuplicateMatch[];
  outcome: TriageOutcome;
  /**
   * "low" when the score is below the check-worthy threshold: the claim still goes on, behind the others.
   * Optional so triage results stored before this field existed stay valid.
   */
  priority?: 'low' | 'normal';
  /** Why the outcome was chosen, for the claim's trail. */
  outcomeReason: string;
}

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
