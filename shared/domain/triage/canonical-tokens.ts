/**
 * Canonical tokens of a normalized statement: lower-cased, phrases and synonyms folded, stop words dropped,
 * light stemming, numbers, money, percentages and dates normalized into quantities.
 */
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

export const DIR_UP = 'dir:up';
export const DIR_DOWN = 'dir:down';

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

export interface Canonical {
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

export function canonicalWord(raw: string): string | null {
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
