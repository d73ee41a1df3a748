/**
 * Canonical tokens of a normalized statement: lower-cased, phrases and synonyms folded, stop words dropped,
 * light stemming, numbers, money, percentages and dates normalized into quantities. The pipeline lives here (split,
 * fold phrases, canonicalize); one word's form is in canonical-words.ts, number and month parsing in
 * canonical-quantities.ts.
 */
import { canonicalWord } from './canonical-words.ts';
import { formatNumber, monthAt, ORDINAL_SUFFIXES, PERCENT_PAIRS, PERCENT_WORDS, pad2, parseNumber } from './canonical-quantities.ts';
import { CURRENCY_WORDS, MONTHS } from './lexicons/quantity-words.ts';
import { PHRASE_SYNONYMS } from './lexicons/signature-words.ts';
import { stopWordsFor } from './stop-words.ts';

export const DIR_UP = 'dir:up';
export const DIR_DOWN = 'dir:down';

const PHRASES: ReadonlyArray<{ words: string[]; replacement: string[] }> = PHRASE_SYNONYMS.map(([phrase, rep]) => ({
  words: phrase.split(' '),
  replacement: rep === '' ? [] : rep.split(' '),
})).sort((x, y) => y.words.length - x.words.length);

const PHRASE_FIRST_WORDS: ReadonlySet<string> = new Set(PHRASES.map((p) => p.words[0] as string));

const TOKEN_RE = /[$€£¥₹%]|\d+(?:\.\d+)?#?|[\p{L}\p{M}]+(?:'[\p{L}\p{M}]+)*/gu;

/**
 * "Rose" is often a name (Pete Rose, Rose McGowan), not the verb: it is marked (a combining dot canonicalWord reads
 * as the plain word "rose") so it never becomes the "up" direction when the next word is capitalized and is not
 * what follows the verb in a Title Case headline ("Rose To 5%"), or when it stands mid-sentence in text that is not
 * in Title Case ("Unemployment Rose to 5%" keeps its direction).
 */
const ROSE_BEFORE_NAME = /\bRose(?=\s+(?!(?:To|By|In|From|Over|Again|Above|Sharply|At|For|After|Since|More|Than|As|And|Or)\b)\p{Lu}\p{Ll})/gu;
const ROSE_MID_SENTENCE = /(?<=[\p{L}\p{N},;)]\s+)Rose\b/gu;

/** Words before "die" that make it the English verb. */
const ENGLISH_BEFORE_DIE: ReadonlySet<string> = new Set(
  'to will would could can may might did not never people they we you i who which that kids children'.split(' '),
);

function markNames(text: string): string {
  if (!text.includes('Rose')) return text;
  const marked = text.replace(ROSE_BEFORE_NAME, 'rose\u0307');
  const words = marked.match(/\p{L}{2,}/gu) ?? [];
  const titleCase = words.length >= 4 && words.filter((w) => /^\p{Lu}/u.test(w)).length >= 0.6 * words.length;
  return titleCase ? marked : marked.replace(ROSE_MID_SENTENCE, 'rose\u0307');
}

/**
 * Languages that group thousands with a dot ("3.000 soldados", "1.250.000 Euro": the comma is their decimal mark)
 * and those that group them with a space ("3 000 soldats"; Spanish and German style guides allow it too). English
 * and undetermined text keep "3.000" a decimal and "3 000" two numbers.
 */
const DOT_GROUPING: ReadonlySet<string> = new Set('es de it pt nl tr id da el ro hr sl sr vi'.split(' '));
const SPACE_GROUPING: ReadonlySet<string> = new Set([...DOT_GROUPING, ...'fr ru pl cs sk sv no nb nn fi bg uk hu et lt lv'.split(' ')]);

const MONTH_NAMES = 'january february march april may june july august september october november december'.split(' ');

/**
 * Numeric dates in the day-first languages above ("3.10.2024", "3/10/2024"): written out ("3 october 2024") so
 * they become the date "3. Oktober 2024" gives, not the number 3.1 and a year. English stays as it is: "10/3/2024"
 * is month-first in American text.
 */
function writeOutDates(s: string): string {
  return (
    s
      // Spanish and Portuguese "3 de octubre de 2024": the "de"s split the date into a day-month and a year.
      .replace(/\b(\d{1,2}) de (\p{L}+)(?: del?( \d{4}))?\b/gu, (m, d: string, mo: string, y: string | undefined) =>
        MONTHS.has(mo) ? `${d} ${mo}${y ?? ''}` : m,
      )
      .replace(/\b(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d{2})\b/g, (m, d: string, mo: string, y: string) => {
        const month = MONTH_NAMES[Number(mo) - 1];
        return month !== undefined && Number(d) >= 1 && Number(d) <= 31 ? ` ${Number(d)} ${month} ${y} ` : m;
      })
  );
}

/** Digits grouped by `sep` ("3.000", "12 500 000") -> the digits plus the "#" count marker. */
function ungroup(s: string, sep: RegExp): string {
  return s.replace(sep, (m) => `${m.replace(/\D/g, '')}#`);
}

function splitRaw(text: string, language: string | undefined): string[] {
  let s = markNames(text)
    .toLowerCase()
    .replace(/\bu\.s\.(?:a\.)?/g, ' us ')
    .replace(/\bu\.k\./g, ' uk ')
    .replace(/\be\.u\./g, ' eu ');
  if (language !== undefined && SPACE_GROUPING.has(language)) s = writeOutDates(s);
  if (language !== undefined && DOT_GROUPING.has(language)) s = ungroup(s, /\b\d{1,3}(?:\.\d{3})+(?![.,]?\d)/g);
  if (language !== undefined && SPACE_GROUPING.has(language)) s = ungroup(s, /\b\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![.,]?\d)/g);
  s = s
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

export interface Canonical {
  tokens: string[];
  /** All quantities, as in ClaimSignature.quantities. */
  quantities: string[];
  /** The subset that are dates or years ("2024-03", "--03", "2024"). */
  dates: string[];
}

/** Turn folded tokens into canonical tokens and quantities. */
function canonicalize(folded: readonly string[], language: string | undefined): Canonical {
  const stops = stopWordsFor(language);
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

    // "to die", "will die", "people die": the verb, folded with "died" and "dead". In English text always; in
    // undetermined text only after such a word (alone it may be German's article); in German text never.
    if (w === 'die' && (!stops.has('die') || (language !== 'de' && ENGLISH_BEFORE_DIE.has(folded[i - 1] ?? '')))) {
      tokens.push('death');
      i++;
      continue;
    }
    // "over 3,000" is "more than 3,000"; elsewhere "over" is a preposition (canonicalWord drops it).
    if (w === 'over' && (parseNumber(folded, i + 1) !== null || CURRENCY_WORDS.has(folded[i + 1] ?? ''))) {
      tokens.push('more');
      i++;
      continue;
    }
    const word = canonicalWord(w, stops);
    if (word !== null) tokens.push(word);
    i++;
  }
  return { tokens, quantities: [...new Set(quantities)], dates: [...new Set(dates)] };
}

/**
 * Canonical tokens and quantities of a (normalized) statement in `language` (ISO 639-1 or "und"), which chooses
 * its stop words (stop-words.ts); undetermined when not given.
 */
export function canonicalTokens(normalizedText: string, language?: string): Canonical {
  return canonicalize(foldPhrases(splitRaw(normalizedText, language)), language);
}
