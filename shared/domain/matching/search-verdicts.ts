/**
 * The verdict search ("has this been checked?"): published and imported verdicts best matching a text, with
 * their similarity and whether each is the same claim (`duplicate`) or the same subject (`related`), in the
 * style of Google Fact Check Tools' `claims:search`. One index lookup (≤ 3 BatchGetItem, see the DynamoDB
 * adapter) over at most SEARCH_DEPTH candidates, then one verdict read per result served; with a language
 * filter, verdicts are read in chunks until the page is full, still at most SEARCH_DEPTH reads.
 */
import type { MatchedRelation } from '../../contracts/index.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../ports.ts';
import { classifyCandidates } from '../triage/index.ts';
import { claimSignature } from '../triage/claim-signature.ts';
import { normalizeStatement } from '../triage/normalize.ts';
import type { Verdict } from '../verdict.ts';
import { MATCH_THRESHOLDS } from './rerank.ts';

/** Candidates the index returns per search: every page of one search comes from these. */
export const SEARCH_DEPTH = 100;

export interface VerdictSearchHit {
  verdict: Verdict;
  similarity: number;
  relation: MatchedRelation;
}

export interface VerdictSearchPage {
  hits: VerdictSearchHit[];
  /** Offset of the next page, or null when this page is the last. */
  nextOffset: number | null;
}

export async function searchVerdicts(
  index: SimilarClaimIndex,
  verdicts: VerdictRepository,
  text: string,
  options: { language?: string; offset?: number; limit: number },
): Promise<VerdictSearchPage> {
  const normalized = normalizeStatement(text);
  const signature = claimSignature(normalized, options.language);
  if (signature.tokens.length === 0) return { hits: [], nextOffset: null };
  const candidates = (await index.candidates(signature, SEARCH_DEPTH)).filter((c) => c.kind === 'verdict');
  const { duplicates, related } = classifyCandidates(normalized, signature, candidates);
  const ranked = [
    ...duplicates.map((m) => ({ ...m, relation: 'duplicate' as const })),
    ...related.filter((m) => m.similarity >= MATCH_THRESHOLDS.related).map((m) => ({ ...m, relation: 'related' as const })),
  ].sort((a, b) => b.similarity - a.similarity || (a.relation === b.relation ? 0 : a.relation === 'duplicate' ? -1 : 1) || (a.claimId < b.claimId ? -1 : 1));

  const offset = options.offset ?? 0;
  const read = async (slice: typeof ranked): Promise<VerdictSearchHit[]> => {
    const got = await Promise.all(slice.map((m) => verdicts.get(m.claimId)));
    return got.flatMap((v, j) => {
      const m = slice[j];
      return v && m && (options.language === undefined || v.claim.language === options.language)
        ? [{ verdict: v, similarity: m.similarity, relation: m.relation }]
        : [];
    });
  };
  if (options.language === undefined) {
    // Every ranked entry is a verdict: read only the page's.
    const hits = await read(ranked.slice(offset, offset + options.limit));
    return { hits, nextOffset: ranked.length > offset + options.limit ? offset + options.limit : null };
  }
  // Filtered by the verdict's language: read in chunks from the top until the page (and one more) is found.
  const wanted = offset + options.limit + 1;
  const found: VerdictSearchHit[] = [];
  const chunk = Math.max(options.limit, 10);
  for (let i = 0; i < ranked.length && found.length < wanted; i += chunk) found.push(...(await read(ranked.slice(i, i + chunk))));
  return { hits: found.slice(offset, offset + options.limit), nextOffset: found.length > offset + options.limit ? offset + options.limit : null };
}
