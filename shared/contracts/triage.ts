/** Triage contracts: what the triage step produces for a claim. */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';
import { priority } from './claim.ts';

/** What an earlier match is: another claim, or a claim with a published verdict. */
export const duplicateKind = z.enum(['claim', 'verdict']);
export type DuplicateKind = z.infer<typeof duplicateKind>;

/** How an earlier claim or verdict relates to a text: the same claim, or the same subject with another or contradicting assertion. */
export const matchedRelation = z.enum(['duplicate', 'related']);
export type MatchedRelation = z.infer<typeof matchedRelation>;

export const triageOutcome = z.enum(['continue', 'not_check_worthy', 'duplicate']);
export type TriageOutcome = z.infer<typeof triageOutcome>;

export const checkWorthinessReason = z.object({
  /** Machine-readable signal, e.g. "quantity", "named_entity", "attribution", "opinion", "question". */
  code: z.string(),
  /** Human-readable explanation naming the evidence in the text, e.g. 'contains the quantity "3.9%"'. */
  description: z.string(),
  /** Signed contribution to the score (positive raises, negative lowers). */
  weight: z.number(),
});
export type CheckWorthinessReason = RecordOf<typeof checkWorthinessReason>;

export const checkWorthiness = z.object({
  /** 0..1; higher means more worth checking. */
  score: z.number().min(0).max(1),
  reasons: z.array(checkWorthinessReason),
});
export type CheckWorthiness = RecordOf<typeof checkWorthiness>;

export const detectedLanguage = z.object({
  /** ISO 639-1 code ("en", "fr", ...), or "und" when undetermined. */
  code: z.string(),
  /** True when detected from the text; false when given by the submitter. */
  detected: z.boolean(),
});
export type DetectedLanguage = RecordOf<typeof detectedLanguage>;

/** The direction of change a claim asserts ("rose", "fell"). */
export const changeDirection = z.enum(['up', 'down']);
export type ChangeDirection = z.infer<typeof changeDirection>;

/**
 * A compact, serializable description of a claim used to find rewordings of it.
 * Stored alongside index entries so candidates can be verified without re-reading the claim.
 */
export const claimSignature = z.object({
  /** Canonical tokens (lower-cased, synonyms folded, stop words dropped, numbers normalized). */
  tokens: z.array(z.string()),
  /** Exact-match fingerprint of the canonical token sequence (hex). */
  fingerprint: z.string(),
  /** Band keys stored with the signature (kept for signatures written by the MinHash-LSH index). */
  bands: z.array(z.string()),
  /** Normalized quantities found in the claim ("3.9%", "3000", "2024-03"); rewordings must agree on them. */
  quantities: z.array(z.string()),
  /** Direction of change the claim asserts, when any. */
  direction: changeDirection.nullable(),
  /**
   * Canonical tokens of the names in the claim (capitalized words not at the start of the sentence, or a
   * possessive at the start: "Ireland's"). Two claims that each name something the other lacks do not match.
   * Optional so signatures stored before this field existed stay valid.
   */
  entities: z.array(z.string()).optional(),
});
export type ClaimSignature = RecordOf<typeof claimSignature>;

/** An entry of the similar-claim index, as stored beside its terms: an earlier claim, or a published or imported verdict. */
export const indexedClaim = z.object({
  kind: duplicateKind,
  claimId: z.string(),
  signature: claimSignature,
  /** The statement as indexed (normalized), for the re-ranker's character features. */
  text: z.string().optional(),
  /**
   * When it dates from (yyyy-mm-dd): a claim's first appearance, a verdict's publication. The re-ranker orders a
   * fact-check published within days of a claim's appearance first (matching/rerank.ts, dateProximity). Optional:
   * entries written before it, and an imported fact-check without a date, have none.
   */
  date: z.string().optional(),
});
export type IndexedClaim = RecordOf<typeof indexedClaim>;

export const duplicateMatch = z.object({
  kind: duplicateKind,
  /** Claim id of the earlier claim (for a verdict, the claim it belongs to). */
  claimId: z.string(),
  similarity: z.number(),
});
export type DuplicateMatch = RecordOf<typeof duplicateMatch>;

/** The priority triage gives: "low" below the check-worthy threshold (the claim still goes on, behind the others). */
export const triagePriority = priority.extract(['low', 'normal']);
export type TriagePriority = z.infer<typeof triagePriority>;

export const triageResult = z.object({
  normalizedStatement: z.string(),
  language: detectedLanguage,
  checkWorthiness,
  duplicateOf: duplicateMatch.nullable(),
  /**
   * Earlier claims and verdicts on the same subject that assert something else ("nowhere near 3,000" against
   * "3,000 troops"): shown to the reviewer with their verdicts, never a reason to close the claim.
   */
  related: z.array(duplicateMatch).optional(),
  outcome: triageOutcome,
  /** Optional so triage results stored before this field existed stay valid. */
  priority: triagePriority.optional(),
  /** Why the outcome was chosen, for the claim's trail. */
  outcomeReason: z.string(),
});
export type TriageResult = RecordOf<typeof triageResult>;

export const triageThresholds = z.object({
  /** Below this check-worthiness score the claim continues with priority "low" (or is closed, see below). */
  checkWorthy: z.number(),
  /**
   * Policy: close a claim below `checkWorthy` as not check-worthy with no person involved. Off by default
   * (TRIAGE_AUTO_CLOSE=true turns it on); a model score alone should not discard what a fact-checker submitted.
   */
  autoCloseNotCheckWorthy: z.boolean().optional(),
  /** At or above this similarity an earlier claim or verdict counts as a duplicate. */
  duplicate: z.number(),
});
export type TriageThresholds = RecordOf<typeof triageThresholds>;

/** checkWorthy: 0.5 is the F1-best point on the dev splits (each model's offset is shifted there at training).
 * duplicate: the re-ranker's threshold, chosen on CheckThat! dev data (domain/matching/rerank.ts). */
export const defaultTriageThresholds: TriageThresholds = { checkWorthy: 0.5, duplicate: 0.35, autoCloseNotCheckWorthy: false };
