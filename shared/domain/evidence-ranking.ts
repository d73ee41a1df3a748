/**
 * Ranking rules for gathered evidence: URL canonicalization, de-duplication and BM25 relevance.
 * Pure functions, no I/O.
 */
import type { EvidenceCandidate, EvidenceRecord, ProviderOutcome } from './evidence.ts';

// ---------------------------------------------------------------------------------------------------
// URL canonicalization
// ---------------------------------------------------------------------------------------------------

/** Query parameters that only track the click, never select content. Matched case-insensitively. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
]);

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Upper-case percent-escapes and decode the ones that encode unreserved characters (RFC 3986 §6.2.2). */
function normalizePercentEncoding(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * A comparison key for "the same page": lower-case scheme and host, `www.` dropped, http treated as
 * https, default ports, credentials, fragment and tracking parameters removed, remaining query
 * parameters sorted, trailing slashes stripped (the bare origin has no path at all).
 * Path case is preserved (paths are case-sensitive). Strings that are not absolute URLs are returned
 * trimmed and otherwise unchanged.
 *
 *   canonicalizeUrl('HTTP://www.Example.com:80/a/?utm_source=x&b=2&a=1#top') === 'https://example.com/a?a=1&b=2'
 */
export function canonicalizeUrl(url: string): string {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  const isWeb = u.protocol === 'http:' || u.protocol === 'https:';
  if (!isWeb) return u.href;

  let host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  // URL already drops the scheme's own default port; after http→https, the other default goes too.
  const port = u.port === '' || u.port === '80' || u.port === '443' ? '' : `:${u.port}`;

  const path = normalizePercentEncoding(u.pathname).replace(/\/+$/, '');

  const params = [...u.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  params.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';

  return `https://${host}${port}${path}${query}`;
}

function isWebUrl(url: string): boolean {
  try {
    const p = new URL(url).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// Tokenization
// ---------------------------------------------------------------------------------------------------

/** A small English stop-word list: function words that would otherwise dominate short claims. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her ' +
    'hers him his how i if in into is it its itself just me more most my no nor not of off on once only or ' +
    'other our ours out over own same she should so some such than that the their theirs them then there ' +
    'these they this those through to too under until up very was we were what when where which while who ' +
    'whom why will with would you your yours'
  ).split(' '),
);

/**
 * Lower-cased, diacritics-folded runs of Unicode letters/numbers, minus stop words and single letters
 * (single digits are kept: numbers matter in claims). Scripts without spaces (CJK, Thai) come out as
 * one token per run, which is good enough for de-duplicated, title-level matching.
 */
export function tokenize(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const out: string[] = [];
  for (const tok of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (tok === '' || STOP_WORDS.has(tok)) continue;
    if (tok.length === 1 && !/\p{N}/u.test(tok)) continue;
    out.push(tok);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// BM25
// ---------------------------------------------------------------------------------------------------

/*
 * BM25 is written here rather than imported: we score a handful (≤ ~50) of short documents per claim,
 * once, in memory. The maintained search libraries (lunr, minisearch, wink-bm25, …) are full index
 * engines with their own tokenizers, index build steps and serialized state, and the small BM25-only
 * packages are unmaintained; the formula itself is a dozen lines and this keeps tokenization under our
 * control and the function pure and deterministic.
 *
 * score(D, Q) = Σ_{t ∈ Q} idf(t) · tf(t,D)·(k1+1) / (tf(t,D) + k1·(1 − b + b·|D|/avgdl))
 * idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))   — the Lucene variant, always positive; the classic
 * Robertson idf goes negative when a term occurs in more than half of the documents, which is the normal
 * case for a small batch that was retrieved *because* it matches the claim.
 */
const BM25_K1 = 1.2;
const BM25_B = 0.75;

/** BM25 scores of `docs` (token lists) for the query terms (de-duplicated), in input order. */
export function bm25Scores(queryTerms: readonly string[], docs: readonly (readonly string[])[]): number[] {
  const n = docs.length;
  if (n === 0) return [];
  const terms = [...new Set(queryTerms)];
  const avgdl = docs.reduce((s, d) => s + d.length, 0) / n || 1;
  const tfs = docs.map((d) => {
    const m = new Map<string, number>();
    for (const t of d) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const idf = new Map<string, number>();
  for (const t of terms) {
    const df = tfs.reduce((c, m) => c + (m.has(t) ? 1 : 0), 0);
    idf.set(t, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }
  return docs.map((d, i) => {
    const tf = tfs[i]!;
    let score = 0;
    for (const t of terms) {
      const f = tf.get(t) ?? 0;
      if (f === 0) continue;
      score += (idf.get(t)! * f * (BM25_K1 + 1)) / (f + BM25_K1 * (1 - BM25_B + (BM25_B * d.length) / avgdl));
    }
    return score;
  });
}

// ---------------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------------

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

interface Entry {
  record: EvidenceRecord;
  priority: number;
  order: number;
}

function nonEmpty(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== '';
}

function richness(c: EvidenceCandidate): number {
  return [c.snippet, c.publisher, c.publishedAt].filter(nonEmpty).length;
}

/** Negative when `a` should be kept over `b` as the representative of a duplicate group. */
function preferForDedup(a: Entry, b: Entry): number {
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
function mergeInto(kept: EvidenceRecord, others: readonly EvidenceRecord[]): EvidenceRecord {
  const merged: EvidenceRecord = { ...kept };
  for (const o of others) {
    if (!nonEmpty(merged.snippet) && nonEmpty(o.snippet)) merged.snippet = o.snippet;
    if (!nonEmpty(merged.publisher) && nonEmpty(o.publisher)) merged.publisher = o.publisher;
    if (!nonEmpty(merged.publishedAt) && nonEmpty(o.publishedAt)) merged.publishedAt = o.publishedAt;
    if (!nonEmpty(merged.sourceRating) && nonEmpty(o.sourceRating)) merged.sourceRating = o.sourceRating;
  }
  return merged;
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
