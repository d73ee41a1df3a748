/**
 * Ranking rules for gathered evidence: URL canonicalization, de-duplication and BM25 relevance.
 * Pure functions, no I/O.
 *
 * This module ranks (rankEvidence); each rule has its module in ./evidence-ranking/: canonical-url.ts (the same
 * page), dedup.ts (which duplicate is kept) and relevance.ts (tokenization and BM25).
 */
import type { EvidenceRecord, ProviderOutcome } from './evidence.ts';
import { canonicalizeUrl, isWebUrl } from './evidence-ranking/canonical-url.ts';
import { type Entry, mergeInto, nonEmpty, preferForDedup } from './evidence-ranking/dedup.ts';
import { bm25Scores, tokenize } from './evidence-ranking/relevance.ts';

export { canonicalizeUrl } from './evidence-ranking/canonical-url.ts';
export { bm25Scores, tokenize } from './evidence-ranking/relevance.ts';

export interface RankEvidenceOptions {
  /** Maximum number of records returned. */
  limit: number;
  /**
   * Provider names, most trusted first, used to break ties (and to choose between duplicates).
   * Providers not listed rank after listed ones, in the order their outcomes appear. Default: the
   * order of `outcomes`.
   */
  providerPriority?: readonly string[];
}

/**
 * Turn provider outcomes into the evidence stored on a claim:
 * 1. candidates of successful outcomes become records (failed outcomes are skipped; candidates without
 *    a title or an http(s) URL are dropped);
 * 2. records with the same canonical URL are collapsed into one: the one with a `sourceRating` is kept,
 *    then the richer one (more of snippet/publisher/publishedAt, then longer snippet), then the
 *    higher-priority provider, then the first seen; its missing fields are filled from the duplicates.
 *    `provider` stays the kept record's provider (a single stable identifier, not a merged list);
 * 3. relevance = BM25 (k1=1.2, b=0.75) of the statement's tokens against title + snippet, over the
 *    de-duplicated batch, divided by the batch's best score (0..1; all 0 when nothing matches);
 * 4. sorted by relevance descending, ties by provider priority then canonical URL; capped at `limit`.
 */
export function rankEvidence(statement: string, outcomes: readonly ProviderOutcome[], opts: RankEvidenceOptions): EvidenceRecord[] {
  const limit = Math.max(0, Math.floor(opts.limit));
  if (limit === 0) return [];

  const priorityOf = new Map<string, number>();
  for (const name of opts.providerPriority ?? []) if (!priorityOf.has(name)) priorityOf.set(name, priorityOf.size);
  for (const o of outcomes) if (!priorityOf.has(o.provider)) priorityOf.set(o.provider, priorityOf.size);

  const groups = new Map<string, Entry[]>();
  let order = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    for (const c of outcome.candidates) {
      if (!nonEmpty(c.title) || !isWebUrl(c.url)) continue;
      const canonicalUrl = canonicalizeUrl(c.url);
      const record: EvidenceRecord = {
        url: c.url,
        title: c.title,
        ...(nonEmpty(c.snippet) && { snippet: c.snippet }),
        ...(nonEmpty(c.publisher) && { publisher: c.publisher }),
        ...(nonEmpty(c.publishedAt) && { publishedAt: c.publishedAt }),
        ...(nonEmpty(c.sourceRating) && { sourceRating: c.sourceRating }),
        canonicalUrl,
        provider: outcome.provider,
        retrievedAt: outcome.retrievedAt,
        relevance: 0,
      };
      const entry: Entry = { record, priority: priorityOf.get(outcome.provider)!, order: order++ };
      const group = groups.get(canonicalUrl);
      if (group) group.push(entry);
      else groups.set(canonicalUrl, [entry]);
    }
  }

  const entries: Entry[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort(preferForDedup);
    const kept = sorted[0]!;
    entries.push({
      ...kept,
      record: mergeInto(
        kept.record,
        sorted.slice(1).map((e) => e.record),
      ),
    });
  }

  const queryTerms = tokenize(statement);
  const raw = bm25Scores(
    queryTerms,
    entries.map((e) => tokenize(`${e.record.title} ${e.record.snippet ?? ''}`)),
  );
  const max = Math.max(0, ...raw);

  const scored = entries.map((e, i) => ({ ...e, score: raw[i]! }));
  scored.sort((a, b) => {
    if (a.score !== b.score) return b.score - a.score;
    if (a.priority !== b.priority) return a.priority - b.priority;
    const au = a.record.canonicalUrl;
    const bu = b.record.canonicalUrl;
    return au < bu ? -1 : au > bu ? 1 : a.order - b.order;
  });

  return scored.slice(0, limit).map((e) => ({
    ...e.record,
    relevance: max > 0 ? Math.round((e.score / max) * 10_000) / 10_000 : 0,
  }));
}
