/**
 * Claim signatures for duplicate detection: canonical tokens, an exact fingerprint, MinHash LSH band keys,
 * the quantities a claim asserts and its direction of change.
 *
 * How it is used: the index adapter stores one item per band key; a new claim's band keys are looked up exactly,
 * every claim sharing at least one band key is a candidate, and `matchSimilarity` verifies each candidate.
 * Band keys are therefore tuned for recall (rewordings must share a band), and `matchSimilarity` for precision.
 *
 * Only `node:crypto` is imported (for the sha256 fingerprint); everything else is plain string work.
 */
import { createHash } from 'node:crypto';
import {
  CURRENCY_WORDS,
  FOREIGN_STOP_WORDS,
  IRREGULAR_VERBS,
  MONTHS,
  NEGATIONS,
  NUMBER_WORDS,
  PHRASE_SYNONYMS,
  SCALE_WORDS,
  STOP_WORDS,
  WORD_SYNONYMS,
} from './lexicons.ts';
import type { ClaimSignature } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// LSH parameters
// ---------------------------------------------------------------------------------------------------------------

/**
 * 32 bands of 2 rows (64 MinHash values). With b bands of r rows, two claims whose shingle sets have Jaccard
 * similarity s become candidates with probability 1 - (1 - s^r)^b. Rewordings of short claims share few bigrams,
 * so their unigram+bigram Jaccard is often only 0.3-0.5: with 32x2 that still gives 0.95-1.0 candidate probability,
 * while 16x4 would give 0.12-0.63. Unrelated claims (s < 0.1) collide with probability < 0.28 per pair and are
 * rejected by `matchSimilarity`. The evaluation script reports both settings.
 */
export const LSH_BANDS = 32;
export const LSH_ROWS = 2;

/** Similarity multipliers applied by `matchSimilarity` when the claims disagree or only partly agree. */
const CONFLICT_CAP = 0.3;
const PARTIAL_QUANTITY_FACTOR = 0.9;
const ONE_SIDED_DIRECTION_FACTOR = 0.9;
const NEGATION_MISMATCH_FACTOR = 0.5;

// ---------------------------------------------------------------------------------------------------------------
// Hashing (deterministic, seeded; no randomness at run time)
// ---------------------------------------------------------------------------------------------------------------

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The seeded hash family: one 32-bit seed per MinHash row, from a fixed splitmix32 sequence. */
function makeSeeds(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    out[i] = fmix32(state);
  }
  return out;
}

/** Compute MinHash values for a set of shingles (exported for the evaluation script). */
export function minHash(shingles: Iterable<string>, count: number, seed = 0x5eed1234): Uint32Array {
  const seeds = count === LSH_BANDS * LSH_ROWS && seed === 0x5eed1234 ? DEFAULT_SEEDS : makeSeeds(count, seed);
  const mins = new Uint32Array(count).fill(0xffffffff);
  for (const shingle of shingles) {
    const h = hashString(shingle);
    for (let i = 0; i < count; i++) {
      const v = fmix32(h ^ (seeds[i] as number));
      if (v < (mins[i] as number)) mins[i] = v;
    }
  }
  return mins;
}

const DEFAULT_SEEDS = makeSeeds(LSH_BANDS * LSH_ROWS, 0x5eed1234);

/** Band keys ("b3:9f2c1a7e") for a shingle set; an empty set has no band keys (it can never be a candidate). */
export function bandKeys(shingles: ReadonlySet<string>, bands = LSH_BANDS, rows = LSH_ROWS): string[] {
  if (shingles.size === 0) return [];
  const mins = minHash(shingles, bands * rows);
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) {
      h = Math.imul(h ^ (mins[b * rows + r] as number), 0x01000193);
    }
    keys.push(`b${b}:${fmix32(h).toString(16).padStart(8, '0')}`);
  }
  return keys;
}

/** Unigrams and bigrams of the canonical token sequence. */
export function shingles(tokens: readonly string[]): Set<string> {
  const out = new Set<string>(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokenization
// ---------------------------------------------------------------------------------------------------------------

const PHRASES: ReadonlyArray<{ words: string[]; replacement: string[] }> = PHRASE_SYNONYMS.map(([phrase, rep]) => ({
  words: phrase.split(' '),
  replacement: rep === '' ? [] : rep.split(' '),
})).sort((x, y) => y.words.length - x.words.length);

const PHRASE_FIRST_WORDS: ReadonlySet<string> = new Set(PHRASES.map((p) => p.words[0] as string));

/** Words before an ambiguous month name ("may", "march", "mars") that make it a month. */
const MONTH_CONTEXT: ReadonlySet<string> = new Set(
  'in since last until by of early late mid from through between this next en de depuis au fin début im seit'.split(' '),
);
const AMBIGUOUS_MONTHS: ReadonlySet<string> = new Set(['may', 'march', 'mar', 'mars', 'jan', 'dec', 'sat']);
const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th', 'er', 'e']);
const PERCENT_WORDS: ReadonlySet<string> = new Set(['%', 'percent', 'pct', 'pc', 'prozent', 'pourcent']);
/** Two-word percent forms in other languages: "pour cent", "por ciento", "per cento". */
const PERCENT_PAIRS: ReadonlyMap<string, string> = new Map([
  ['pour', 'cent'],
  ['por', 'ciento'],
  ['per', 'cento'],
]);
const JUNK: ReadonlySet<string> = new Set(['wo', 'ca', 's', 't', 'd', 'll', 've', 're']);

const TOKEN_RE = /[$€£¥₹%]|\d+(?:\.\d+)?#?|[\p{L}\p{M}]+(?:'[\p{L}\p{M}]+)*/gu;

function splitRaw(text: string): string[] {
  const s = text
    .toLowerCase()
    .replace(/\bu\.s\.(?:a\.)?/g, ' us ')
    .replace(/\bu\.k\./g, ' uk ')
    .replace(/\be\.u\./g, ' eu ')
    // thousands separators: "3,000" / "1,250,000" -> digits plus a "#" marker meaning "a count, not a year"
    .replace(/\b\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => `${m.replace(/,/g, '')}#`)
    // decimal comma (French, Spanish, German): "3,9" -> "3.9"
    .replace(/(\d),(\d{1,2})(?!\d)/g, '$1.$2')
    .replace(/n't\b/g, ' not')
    .replace(/'s\b/g, '');
  return s.match(TOKEN_RE) ?? [];
}

function foldPhrases(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const word = raw[i] as string;
    let matched = false;
    if (PHRASE_FIRST_WORDS.has(word)) {
      for (const p of PHRASES) {
        if (p.words.every((w, k) => raw[i + k] === w)) {
          out.push(...p.replacement);
          i += p.words.length;
          matched = true;
          break;
        }
      }
    }
    if (!matched) {
      out.push(word);
      i++;
    }
  }
  return out;
}

function isDigits(t: string | undefined): t is string {
  return t !== undefined && /^\d/.test(t);
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toFixed(6)));
}

interface NumberParse {
  value: number;
  next: number;
  /** Written with thousands separators or in words: never a year. */
  count: boolean;
  integerLiteral: boolean;
}

/** Parse a number (digits or English number words, with scale words) starting at tokens[i]. */
function parseNumber(tokens: readonly string[], i: number): NumberParse | null {
  const t = tokens[i];
  if (t === undefined) return null;
  let value: number;
  let next = i + 1;
  let count = false;
  let integerLiteral = false;
  if (isDigits(t)) {
    count = t.endsWith('#');
    value = Number(count ? t.slice(0, -1) : t);
    integerLiteral = !count && /^\d+$/.test(t);
  } else if (NUMBER_WORDS.has(t) || (t === 'a' && SCALE_WORDS.has(tokens[i + 1] ?? '') && tokens[i + 1] !== 'm')) {
    // English number words: "three thousand", "twenty five", "two hundred and fifty", "a million"
    if (t === 'one' && !SCALE_WORDS.has(tokens[i + 1] ?? '') && !NUMBER_WORDS.has(tokens[i + 1] ?? '')) return null;
    let total = 0;
    let current = 0;
    let k = i;
    let any = false;
    while (k < tokens.length) {
      const w = tokens[k] as string;
      const small = w === 'a' ? 1 : NUMBER_WORDS.get(w);
      const scale = SCALE_WORDS.get(w);
      if (small !== undefined && !(w === 'a' && any)) {
        current += small;
        any = true;
      } else if (scale !== undefined && any && w.length > 2) {
        if (scale === 100) current *= 100;
        else {
          total += current * scale;
          current = 0;
        }
      } else if (w === 'and' && any && (NUMBER_WORDS.has(tokens[k + 1] ?? '') || tokens[k + 1] === 'a')) {
        // "two hundred and fifty"
      } else break;
      k++;
    }
    if (!any) return null;
    value = total + current;
    next = k;
    count = true;
    return { value, next, count, integerLiteral };
  } else {
    return null;
  }
  // Scale words after digits: "3.9 million", "4.5m", "2bn"
  while (next < tokens.length) {
    const scale = SCALE_WORDS.get(tokens[next] as string);
    if (scale === undefined) break;
    value *= scale;
    count = true;
    integerLiteral = false;
    next++;
  }
  return { value, next, count, integerLiteral };
}

interface Canonical {
  tokens: string[];
  /** All quantities, as in ClaimSignature.quantities. */
  quantities: string[];
  /** The subset that are dates or years ("2024-03", "--03", "2024"). */
  dates: string[];
}

function monthAt(tokens: readonly string[], i: number): number | undefined {
  const w = tokens[i] as string;
  const m = MONTHS.get(w);
  if (m === undefined) return undefined;
  if (!AMBIGUOUS_MONTHS.has(w)) return m;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if ((prev !== undefined && (MONTH_CONTEXT.has(prev) || isDigits(prev))) || isDigits(next)) return m;
  return undefined;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Turn folded tokens into canonical tokens and quantities. */
function canonicalize(folded: readonly string[]): Canonical {
  const tokens: string[] = [];
  const quantities: string[] = [];
  const dates: string[] = [];
  let pendingCurrency: string | null = null;
  /** A plain day-like integer just emitted (for "3 March"); removed again if a month follows. */
  let pendingDay: { value: number; tokenIndex: number; quantityIndex: number } | null = null;

  for (let i = 0; i < folded.length; ) {
    const w = folded[i] as string;

    // Currency symbol before a number: "$ 4.5 million"
    if (w === '$' || w === '€' || w === '£' || w === '¥' || w === '₹') {
      pendingCurrency = CURRENCY_WORDS.get(w) ?? w;
      i++;
      continue;
    }

    // Dates: "March", "March 3", "March 2024", "3 March 2024", "March 3rd, 2024"
    const month = monthAt(folded, i);
    if (month !== undefined) {
      let k = i + 1;
      let day: number | undefined;
      let year: number | undefined;
      if (pendingDay !== null && pendingDay.tokenIndex === tokens.length - 1) {
        day = pendingDay.value;
        tokens.pop();
        quantities.splice(pendingDay.quantityIndex, 1);
      }
      pendingDay = null;
      const d = folded[k];
      if (day === undefined && d !== undefined && /^\d{1,2}$/.test(d) && Number(d) >= 1 && Number(d) <= 31) {
        day = Number(d);
        k++;
        if (ORDINAL_SUFFIXES.has(folded[k] ?? '')) k++;
      }
      if (folded[k] === 'of') k++;
      const y = folded[k];
      if (y !== undefined && /^(1[89]|20)\d\d$/.test(y)) {
        year = Number(y);
        k++;
      }
      const mm = pad2(month);
      tokens.push(`m${mm}`);
      if (year !== undefined) tokens.push(`y${year}`);
      if (day !== undefined) tokens.push(`d${pad2(day)}`);
      const date = `${year ?? '-'}-${mm}${day !== undefined ? `-${pad2(day)}` : ''}`;
      quantities.push(date);
      dates.push(date);
      i = k;
      continue;
    }

    const num = parseNumber(folded, i);
    if (num !== null) {
      let k = num.next;
      let prefix = pendingCurrency ?? '';
      pendingCurrency = null;
      let suffix = '';
      const after = folded[k];
      if (after !== undefined && PERCENT_WORDS.has(after)) {
        suffix = '%';
        k++;
      } else if (after !== undefined && PERCENT_PAIRS.has(after) && PERCENT_PAIRS.get(after) === folded[k + 1]) {
        suffix = '%';
        k += 2;
      } else if (after !== undefined && prefix === '' && CURRENCY_WORDS.has(after) && after.length > 1) {
        prefix = CURRENCY_WORDS.get(after) ?? '';
        k++;
      }
      if (ORDINAL_SUFFIXES.has(folded[k] ?? '') && suffix === '' && prefix === '') k++;
      const isYear = num.integerLiteral && prefix === '' && suffix === '' && num.value >= 1800 && num.value <= 2100;
      if (isYear) {
        tokens.push(`y${num.value}`);
        quantities.push(String(num.value));
        dates.push(String(num.value));
        pendingDay = null;
      } else {
        const q = `${prefix}${formatNumber(num.value)}${suffix}`;
        tokens.push(q);
        quantities.push(q);
        pendingDay =
          num.integerLiteral && prefix === '' && suffix === '' && num.value >= 1 && num.value <= 31
            ? { value: num.value, tokenIndex: tokens.length - 1, quantityIndex: quantities.length - 1 }
            : null;
      }
      i = k;
      continue;
    }
    pendingCurrency = null;

    const word = canonicalWord(w);
    if (word !== null) tokens.push(word);
    i++;
  }
  return { tokens, quantities: [...new Set(quantities)], dates: [...new Set(dates)] };
}

/**
 * Light English stemming (Porter step 1 and a little more): plurals, -ed, -ing, final -y to -i and a final -e are
 * removed, so "fine"/"fined", "vote"/"voted"/"voting", "apply"/"applied" and "cancelled"/"cancel" agree.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') || w.endsWith('ied')) w = `${w.slice(0, -3)}i`;
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  const base = w.replace(/(?:ed|ing)$/, '');
  if (base !== w && base.length >= 3 && /[aeiouy]/.test(base)) {
    w = /([^aeiouylsz])\1$/.test(base) ? base.slice(0, -1) : base;
  }
  if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Canonical tokens every synonym target maps to itself, so "vaccine" and "vaccines" both give "vaccine". */
const SYNONYMS: ReadonlyMap<string, string> = new Map<string, string>([...[...WORD_SYNONYMS.values()].map((v): [string, string] => [v, v]), ...WORD_SYNONYMS]);

function canonicalWord(raw: string): string | null {
  if (NEGATIONS.has(raw)) return 'not';
  const w = raw.replace(/'.*$/, '');
  if (w === 'up' || w === 'down') return null; // particles; directions come from folded verbs only
  const direct = SYNONYMS.get(w);
  if (direct !== undefined) return direct === '' ? null : direct;
  const irregular = IRREGULAR_VERBS.get(w);
  if (irregular !== undefined) return irregular === '' ? null : irregular;
  if (STOP_WORDS.has(w) || FOREIGN_STOP_WORDS.has(w) || JUNK.has(w) || w.length === 0) return null;
  const stemmed = stem(w);
  const viaStem = SYNONYMS.get(stemmed);
  if (viaStem !== undefined) return viaStem === '' ? null : viaStem;
  if (STOP_WORDS.has(stemmed) || stemmed.length < 2) return null;
  return stemmed;
}

/** Canonical tokens and quantities of a (normalized) statement. */
export function canonicalTokens(normalizedText: string): Canonical {
  return canonicalize(foldPhrases(splitRaw(normalizedText)));
}

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------

const NAME_RE = /(^|[^\p{L}\p{N}'])(\p{Lu}[\p{L}\p{M}]+)('s)?/gu;

/**
 * Canonical tokens of capitalized words (names). A capitalized word at the start of the text or after sentence
 * punctuation counts only when possessive ("Ireland's"), since any first word is capitalized.
 */
function nameTokens(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(NAME_RE)) {
    const start = m.index + (m[1] as string).length;
    const before = text.slice(0, start).trimEnd();
    const initial = before === '' || /[.!?:"]$/.test(before);
    if (initial && m[3] === undefined) continue;
    const word = canonicalWord((m[2] as string).toLowerCase());
    if (word !== null && !word.startsWith('dir:') && !/^m\d\d$/.test(word)) out.add(word);
  }
  // Month names are quantities, not names.
  for (const name of [...out]) if (MONTHS.has(name)) out.delete(name);
  return [...out];
}

/** Build the signature of a normalized statement (see `normalizeStatement`). */
export function claimSignature(normalizedText: string): ClaimSignature {
  const { tokens, quantities } = canonicalTokens(normalizedText);
  const entities = nameTokens(normalizedText).filter((e) => tokens.includes(e));
  const tokenSet = [...new Set(tokens)].sort();
  const fingerprint = createHash('sha256').update(tokenSet.join(' '), 'utf8').digest('hex');
  const first = tokens.find((t) => t === DIR_UP || t === DIR_DOWN);
  const direction = first === DIR_UP ? 'up' : first === DIR_DOWN ? 'down' : null;
  return { tokens, fingerprint, bands: bandKeys(shingles(tokens)), quantities, direction, entities };
}

interface DateQuantity {
  year: string | null;
  month: string;
  day: string | null;
}

const DATE_RE = /^(\d{4}|-)-(\d{2})(?:-(\d{2}))?$/;

/**
 * Split quantities into month dates and everything else. A bare year ("2024") is compared like a number: the
 * serialized form cannot tell it from the count 2,024, and both must agree anyway.
 */
function splitQuantities(qs: readonly string[]): { values: Set<string>; years: Set<string>; dates: DateQuantity[] } {
  const values = new Set<string>();
  const years = new Set<string>();
  const dates: DateQuantity[] = [];
  for (const q of qs) {
    const d = DATE_RE.exec(q);
    if (d !== null) {
      const year = d[1] === '-' ? null : (d[1] as string);
      dates.push({ year, month: d[2] as string, day: d[3] ?? null });
      if (year !== null) years.add(year);
    } else values.add(q);
  }
  return { values, years, dates };
}

type Agreement = 'same' | 'partial' | 'conflict';

function setAgreement(a: ReadonlySet<string>, b: ReadonlySet<string>): Agreement {
  let aOnly = 0;
  let bOnly = 0;
  for (const x of a) if (!b.has(x)) aOnly++;
  for (const x of b) if (!a.has(x)) bOnly++;
  if (aOnly === 0 && bOnly === 0) return 'same';
  if (aOnly > 0 && bOnly > 0) return 'conflict';
  return 'partial';
}

function dateAgreement(a: readonly DateQuantity[], b: readonly DateQuantity[]): Agreement {
  if (a.length === 0 && b.length === 0) return 'same';
  if (a.length === 0 || b.length === 0) return 'partial';
  const monthsA = new Set(a.map((d) => d.month));
  const monthsB = new Set(b.map((d) => d.month));
  const months = setAgreement(monthsA, monthsB);
  if (months === 'conflict') return 'conflict';
  // Same month: days conflict only when both sides give one and they differ.
  for (const x of a) {
    for (const y of b) {
      if (x.month === y.month && x.day !== null && y.day !== null && x.day !== y.day) return 'conflict';
    }
  }
  return months;
}

export const DIR_UP = 'dir:up';
export const DIR_DOWN = 'dir:down';

const SOFT_MATCH_WEIGHT = 0.9;
const WORD_TOKEN = /^[\p{L}]{4,}$/u;

/**
 * Size of the intersection of two token sets, where a word that is a prefix of an unmatched word on the other side
 * ("appli" / "application", "donat" / "donation") counts SOFT_MATCH_WEIGHT: the stemmer does not strip derivational
 * suffixes. Each token is paired at most once.
 */
function softIntersection(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  const restA: string[] = [];
  for (const t of a) {
    if (b.has(t)) inter++;
    else if (WORD_TOKEN.test(t)) restA.push(t);
  }
  const restB = [...b].filter((t) => !a.has(t) && WORD_TOKEN.test(t));
  for (const x of restA) {
    const k = restB.findIndex((y) => y.startsWith(x) || x.startsWith(y));
    if (k >= 0) {
      inter += SOFT_MATCH_WEIGHT;
      restB.splice(k, 1);
    }
  }
  return inter;
}

/**
 * Similarity of two claims in 0..1, for verifying LSH candidates.
 *
 * Base: the mean of Jaccard and overlap coefficient of the canonical token sets (the overlap term tolerates a
 * rewording that adds a source or a clause). Then agreement is required:
 * - quantities (numbers, percentages, money) and dates: if each side asserts one the other lacks (3.9% vs 4.2%,
 *   March vs April, 2023 vs 2024), the claims differ and the similarity is capped at 0.3; if one side only omits
 *   some, a small penalty applies;
 * - direction: "up" vs "down" caps at 0.3; a direction on one side only is a small penalty;
 * - negation on one side only ("did not fall") halves the similarity;
 * - names: if each side names someone or something the other does not mention, the similarity is capped at 0.3.
 */
export function matchSimilarity(a: ClaimSignature, b: ClaimSignature): number {
  const setA = new Set(a.tokens);
  const setB = new Set(b.tokens);
  if (setA.size === 0 || setB.size === 0) return 0;
  let similarity: number;
  if (a.fingerprint === b.fingerprint) similarity = 1;
  else {
    const inter = softIntersection(setA, setB);
    const union = setA.size + setB.size - inter;
    similarity = 0.5 * (inter / union) + 0.5 * (inter / Math.min(setA.size, setB.size));
  }

  const qa = splitQuantities(a.quantities);
  const qb = splitQuantities(b.quantities);
  const agreements = [setAgreement(qa.values, qb.values), dateAgreement(qa.dates, qb.dates)];
  // Years of month dates: a year given on only one side is fine ("in March" vs "in March 2024"); different years
  // are not.
  if (setAgreement(qa.years, qb.years) === 'conflict') agreements.push('conflict');

  let conflict = agreements.includes('conflict');
  for (const agreement of agreements) if (agreement === 'partial') similarity *= PARTIAL_QUANTITY_FACTOR;

  if (a.direction !== null && b.direction !== null && a.direction !== b.direction) conflict = true;
  else if ((a.direction === null) !== (b.direction === null)) similarity *= ONE_SIDED_DIRECTION_FACTOR;

  if (setA.has('not') !== setB.has('not')) similarity *= NEGATION_MISMATCH_FACTOR;

  // Names substituted on both sides ("Ireland's ..." vs "Portugal's ...") make different claims.
  const namesOnlyA = (a.entities ?? []).some((e) => !setB.has(e));
  const namesOnlyB = (b.entities ?? []).some((e) => !setA.has(e));
  if (namesOnlyA && namesOnlyB) conflict = true;

  if (conflict) similarity = Math.min(similarity, CONFLICT_CAP);
  return Math.max(0, Math.min(1, similarity));
}
