/**
 * Reading a newsroom's archive of fact-checks: schema.org ClaimReview JSON-LD as one object, an array, a
 * JSON-LD `@graph`, JSON Lines (one record a line), or Google Fact Check Tools' `claims:search` response
 * (`{"claims":[{"text", "claimant", "claimDate", "claimReview":[{publisher, url, reviewDate, textualRating,
 * languageCode}]}]}`). Every record is validated on its own: a bad one is reported with its line and reason,
 * the others load. Pure: no I/O.
 *
 * JSON is parsed with `jsonc-parser` (strict mode: no comments, no trailing commas) because it gives each
 * value's offset, which is what turns "record 812 is bad" into "line 9,317: …".
 */
import { type Node, type ParseError, parseTree, printParseErrorCode, getNodeValue } from 'jsonc-parser';

/**
 * One archived fact-check, as read from the file. Hand-written, not a contract: it is this parser's
 * normalized reading of three file formats (line numbers included, for its error report), never stored or sent
 * as such; what is stored from it is the contracts' verdict and claim records (import-archive.ts).
 */
export interface ArchivedFactCheck {
  /** 1-based line of the file where the record starts. */
  line: number;
  claimReviewed: string;
  claimant: string;
  /** When the claim was made (ISO date), if the record says. */
  claimDate?: string;
  /** Where the claim appeared (first is the earliest known), if the record says. */
  appearances: Array<{ url: string; date?: string }>;
  /** The fact-check article. */
  url: string;
  publisher: string;
  /** When the fact-check was published (ISO date or date-time). */
  reviewDate: string;
  /** The rating as the newsroom wrote it ("Pants on Fire", "Mostly False"). */
  textualRating: string;
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
  language?: string;
  /** The review's text or headline, when present. */
  summary?: string;
  /** The fact-check's headline ("Did X say Y?"), when present: indexed beside the claim for matching. */
  headline?: string;
  /** The fact-check's description (its standfirst), when present: indexed beside the claim for matching too. */
  description?: string;
}

export interface RecordError {
  line: number;
  reason: string;
}

export interface ParsedArchive {
  records: ArchivedFactCheck[];
  errors: RecordError[];
  format: 'json' | 'json-lines' | 'claims-search';
}

const MAX_TEXT = 5000;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** A name from a schema.org Person/Organization, a plain string, or the first of an array of them. */
function nameOf(v: unknown): string | undefined {
  if (Array.isArray(v)) return nameOf(v[0]);
  if (isObject(v)) return str(v.name) ?? str(v.alternateName);
  return str(v);
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

const types = (v: unknown): string[] => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : typeof v === 'string' ? [v] : []);
const isClaimReview = (o: Json) => types(o['@type']).some((t) => t === 'ClaimReview' || t.endsWith('/ClaimReview'));

function httpUrl(v: unknown): string | undefined {
  const s = str(v);
  if (!s || s.length > 2048) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) || Number.isNaN(Date.parse(s))) return undefined;
  return s;
}

type Checked = { ok: true; record: Omit<ArchivedFactCheck, 'line'> } | { ok: false; reason: string };

function fail(reason: string): Checked {
  return { ok: false, reason };
}

function common(
  claimReviewed: unknown,
  url: unknown,
  reviewDate: unknown,
  rating: unknown,
  rest: Omit<ArchivedFactCheck, 'line' | 'claimReviewed' | 'url' | 'reviewDate' | 'textualRating'>,
): Checked {
  const claim = str(claimReviewed);
  if (!claim) return fail('claimReviewed (the claim text) is missing');
  if (claim.length > MAX_TEXT) return fail(`claimReviewed is longer than ${MAX_TEXT} characters`);
  const link = httpUrl(url);
  if (!link) return fail('url (the fact-check article) is missing or not an http(s) URL');
  const date = isoDate(reviewDate);
  if (!date) return fail('datePublished / reviewDate is missing or not an ISO 8601 date');
  const label = str(rating);
  if (!label) return fail('reviewRating.alternateName / textualRating (the rating) is missing');
  if (label.length > 200) return fail('the rating is longer than 200 characters');
  return { ok: true, record: { ...rest, claimReviewed: claim, url: link, reviewDate: date, textualRating: label } };
}

/** A schema.org ClaimReview object. */
function fromClaimReview(o: Json): Checked {
  const item = isObject(o.itemReviewed) ? o.itemReviewed : {};
  const rating = isObject(o.reviewRating) ? o.reviewRating : {};
  const appearances = (Array.isArray(item.appearance) ? item.appearance : item.appearance !== undefined ? [item.appearance] : [])
    .map((a) => (isObject(a) ? { url: httpUrl(a.url), date: isoDate(a.datePublished) } : { url: httpUrl(a), date: undefined }))
    .flatMap((a) => (a.url ? [{ url: a.url, ...(a.date ? { date: a.date } : {}) }] : []));
  const firstAppearance = isObject(item.firstAppearance) ? httpUrl(item.firstAppearance.url) : undefined;
  if (firstAppearance && !appearances.some((a) => a.url === firstAppearance)) appearances.unshift({ url: firstAppearance });
  const claimDate = isoDate(item.datePublished);
  const language = str(o.inLanguage) ?? str(item.inLanguage);
  const summary = str(o.reviewBody) ?? str(rating.ratingExplanation) ?? str(o.description) ?? str(o.headline) ?? str(o.name);
  const value = num(rating.ratingValue);
  const best = num(rating.bestRating);
  const worst = num(rating.worstRating);
  return common(o.claimReviewed, o.url, o.datePublished, rating.alternateName ?? rating.name, {
    claimant: nameOf(item.author) ?? 'Unknown',
    ...(claimDate ? { claimDate } : {}),
    appearances,
    publisher: nameOf(o.author) ?? nameOf(o.publisher) ?? 'Unknown',
    ...(value !== undefined ? { ratingValue: value } : {}),
    ...(best !== undefined ? { bestRating: best } : {}),
    ...(worst !== undefined ? { worstRating: worst } : {}),
    ...(language ? { language: language.toLowerCase().slice(0, 2) } : {}),
    ...(summary ? { summary: summary.slice(0, MAX_TEXT) } : {}),
    ...((str(o.headline) ?? str(o.name)) ? { headline: (str(o.headline) ?? str(o.name) ?? '').slice(0, 300) } : {}),
    ...(str(o.description) ? { description: (str(o.description) ?? '').slice(0, 500) } : {}),
  });
}

/** One claimReview of a `claims:search` claim. */
function fromSearchResult(claim: Json, review: Json): Checked {
  const claimDate = isoDate(claim.claimDate);
  const language = str(review.languageCode);
  const title = str(review.title);
  return common(claim.text, review.url, review.reviewDate, review.textualRating, {
    claimant: str(claim.claimant) ?? 'Unknown',
    ...(claimDate ? { claimDate } : {}),
    appearances: [],
    publisher: nameOf(review.publisher) ?? str(isObject(review.publisher) ? review.publisher.site : undefined) ?? 'Unknown',
    ...(language ? { language: language.toLowerCase().slice(0, 2) } : {}),
    ...(title ? { summary: title.slice(0, MAX_TEXT), headline: title.slice(0, 300) } : {}),
  });
}

/** The ClaimReview objects of a JSON value (one object, an array, or a `@graph`), each with its node. */
function claimReviewNodes(node: Node): Array<{ node: Node; value: unknown }> {
  const value = getNodeValue(node) as unknown;
  if (node.type === 'array') return (node.children ?? []).flatMap((child) => claimReviewNodes(child));
  if (isObject(value) && Array.isArray(value['@graph']) && !isClaimReview(value)) {
    const graph = node.children?.find((p) => p.children?.[0]?.value === '@graph')?.children?.[1];
    return graph ? claimReviewNodes(graph) : [];
  }
  return [{ node, value }];
}

function collect(out: ParsedArchive, line: number, checked: Checked): void {
  if (checked.ok) out.records.push({ line, ...checked.record });
  else out.errors.push({ line, reason: checked.reason });
}

function fromJsonValue(out: ParsedArchive, root: Node, starts: number[], lineBase = 0): void {
  const value = getNodeValue(root) as unknown;
  if (isObject(value) && Array.isArray(value.claims) && !isClaimReview(value)) {
    out.format = 'claims-search';
    const claimsNode = root.children?.find((p) => p.children?.[0]?.value === 'claims')?.children?.[1];
    for (const claimNode of claimsNode?.children ?? []) {
      const line = lineBase + lineOf(starts, claimNode.offset);
      const claim = getNodeValue(claimNode) as unknown;
      if (!isObject(claim)) {
        out.errors.push({ line, reason: 'a claims:search claim must be an object' });
        continue;
      }
      const reviews = Array.isArray(claim.claimReview) ? claim.claimReview : [];
      if (reviews.length === 0) out.errors.push({ line, reason: 'claimReview is missing or empty' });
      for (const review of reviews) {
        if (isObject(review)) collect(out, line, fromSearchResult(claim, review));
        else out.errors.push({ line, reason: 'a claimReview must be an object' });
      }
    }
    return;
  }
  for (const { node, value: v } of claimReviewNodes(root)) {
    const line = lineBase + lineOf(starts, node.offset);
    if (!isObject(v)) out.errors.push({ line, reason: 'a record must be a JSON object' });
    else if (!isClaimReview(v)) out.errors.push({ line, reason: `@type must be ClaimReview (got ${JSON.stringify(v['@type'] ?? null)})` });
    else collect(out, line, fromClaimReview(v));
  }
}

function parseJson(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return { root, errors };
}

/** Reads an archive file's text (see the header for the formats). */
export function parseArchive(text: string): ParsedArchive {
  const body = text.replace(/^\uFEFF/, '');
  const starts = lineStarts(body);
  const out: ParsedArchive = { records: [], errors: [], format: 'json' };
  const whole = parseJson(body);
  if (whole.root && whole.errors.length === 0) {
    fromJsonValue(out, whole.root, starts);
    return out;
  }
  const lines = body.split('\n');
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  if (nonEmpty <= 1 || /^\s*\[/.test(body)) {
    // One JSON document that does not parse: nothing can be trusted in it.
    const first = whole.errors[0];
    out.errors.push({
      line: first ? lineOf(starts, first.offset) : 1,
      reason: first ? `not valid JSON (${printParseErrorCode(first.error)})` : 'the file is empty',
    });
    return out;
  }
  out.format = 'json-lines';
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const { root, errors } = parseJson(raw);
    const first = errors[0];
    if (!root || first) {
      out.errors.push({ line: i + 1, reason: `not valid JSON (${first ? printParseErrorCode(first.error) : 'empty'})` });
      continue;
    }
    fromJsonValue(out, root, [0], i);
  }
  out.format = 'json-lines';
  return out;
}
