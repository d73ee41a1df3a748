/**
 * De-duplication of evidence: which of the records with the same canonical URL is kept, and how its missing fields
 * are filled from the others. Pure: no I/O.
 */
import type { EvidenceCandidate, EvidenceRecord } from '../evidence.ts';

/** A record with what ranks it: its provider's priority and the order it was seen in. */
export interface Entry {
  record: EvidenceRecord;
  priority: number;
  order: number;
}

/** Whether an optional text field has content. */
export function nonEmpty(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== '';
}

function richness(c: EvidenceCandidate): number {
  return [c.snippet, c.publisher, c.publishedAt].filter(nonEmpty).length;
}

/** Negative when `a` should be kept over `b` as the representative of a duplicate group. */
export function preferForDedup(a: Entry, b: Entry): number {
  const ar = nonEmpty(a.record.sourceRating) ? 1 : 0;
  const br = nonEmpty(b.record.sourceRating) ? 1 : 0;
  if (ar !== br) return br - ar;
  const rich = richness(b.record) - richness(a.record);
  if (rich !== 0) return rich;
  const snip = (b.record.snippet?.length ?? 0) - (a.record.snippet?.length ?? 0);
  if (snip !== 0) return snip;
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.order - b.order;
}

/** Fill the kept record's missing optional fields from its duplicates (kept record's values win). */
export function mergeInto(kept: EvidenceRecord, others: readonly EvidenceRecord[]): EvidenceRecord {
  const merged: EvidenceRecord = { ...kept };
  for (const o of others) {
    if (!nonEmpty(merged.snippet) && nonEmpty(o.snippet)) merged.snippet = o.snippet;
    if (!nonEmpty(merged.publisher) && nonEmpty(o.publisher)) merged.publisher = o.publisher;
    if (!nonEmpty(merged.publishedAt) && nonEmpty(o.publishedAt)) merged.publishedAt = o.publishedAt;
    if (!nonEmpty(merged.sourceRating) && nonEmpty(o.sourceRating)) merged.sourceRating = o.sourceRating;
  }
  return merged;
}
