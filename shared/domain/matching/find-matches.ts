/**
 * "Has this been checked?": earlier claims and verdicts matching a text, as duplicates (the same claim) and
 * related claims (the same subject, another assertion), each with its similarity. For triage's callers, the
 * document segmenter and the verdict search. One index lookup (a bounded number of DynamoDB requests).
 */
import type { SimilarClaimIndex } from '../ports.ts';
import { classifyCandidates, type Matches } from '../triage/index.ts';
import { claimSignature } from '../triage/claim-signature.ts';
import { normalizeStatement } from '../triage/normalize.ts';
import { RERANK_DEPTH } from './rerank.ts';

export async function findMatches(
  index: SimilarClaimIndex,
  text: string,
  /**
   * duplicateThreshold: the triage duplicate threshold in force (TRIAGE_DUPLICATE_THRESHOLD); the re-ranker's own by
   * default. date: when the text appeared (orders timely fact-checks first, classifyCandidates).
   */
  options: { language?: string; limit?: number; excludeClaimId?: string; duplicateThreshold?: number; date?: string } = {},
): Promise<Matches> {
  const normalized = normalizeStatement(text);
  const signature = claimSignature(normalized, options.language);
  if (signature.tokens.length === 0) return { duplicates: [], related: [] };
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 100);
  const candidates = (await index.candidates(signature, Math.max(limit, RERANK_DEPTH))).filter((c) => c.claimId !== options.excludeClaimId);
  const m = classifyCandidates(normalized, signature, candidates, options.duplicateThreshold, options.date);
  return { duplicates: m.duplicates.slice(0, limit), related: m.related.slice(0, limit) };
}
