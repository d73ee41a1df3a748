/**
 * Which archived verdicts reach the reviewer as evidence: those the re-ranker finds at least related
 * (MATCH_THRESHOLDS.related) and within EVIDENCE_SHARE_OF_BEST of the best one, best first. The share was
 * chosen on the CheckThat! train splits (2020 Task 2, 2022 Task 2A), where a tweet's fact-check is known:
 * with the absolute threshold alone 2.6-2.8 verdicts a claim reached the reviewer, 31-32% of them relevant;
 * with the share 1.3-1.4 a claim, 59-63% relevant, and the relevant verdict was still there for 83-84% of
 * claims (85% before). On the dev splits: 1.5 and 1.1 a claim, 54% and 80% relevant, found for 80% and 90%.
 * (Before the BM25 index, the provider returned about 9 verdicts a claim with 0.5-1 relevant.)
 */
import type { DuplicateMatch } from '../triage/types.ts';
import { MATCH_THRESHOLDS } from './rerank.ts';

export const EVIDENCE_SHARE_OF_BEST = 0.85;

export function relevantArchiveMatches(matches: readonly DuplicateMatch[], limit: number): DuplicateMatch[] {
  const ranked = [...matches].sort((a, b) => b.similarity - a.similarity || (a.claimId < b.claimId ? -1 : 1));
  const best = ranked[0]?.similarity ?? 0;
  const floor = Math.max(MATCH_THRESHOLDS.related, best * EVIDENCE_SHARE_OF_BEST);
  return ranked.filter((m) => m.similarity >= floor).slice(0, limit);
}
