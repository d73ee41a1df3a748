/**
 * Quantities inside a token stream: numbers (digits or English number words, with scale words), the words that
 * mark a percentage or an ordinal, and month names (with the context that makes an ambiguous one a month).
 * canonical-tokens.ts uses these to turn "3.9 million", "5 percent" and "March 3rd, 2024" into quantities.
 */
import { MONTHS, NUMBER_WORDS, SCALE_WORDS } from './lexicons/quantity-words.ts';

/** Words before an ambiguous month name ("may", "march", "mars") that make it a month. */
const MONTH_CONTEXT: ReadonlySet<string> = new Set(
  'in since last until by of early late mid from through between this next en de depuis au fin début im seit'.split(' '),
);
const AMBIGUOUS_MONTHS: ReadonlySet<string> = new Set(['may', 'march', 'mar', 'mars', 'jan', 'dec', 'sat']);
export const ORDINAL_SUFFIXES: ReadonlySet<string> = new Set(['st', 'nd', 'rd', 'th', 'er', 'e']);
export const PERCENT_WORDS: ReadonlySet<string> = new Set(['%', 'percent', 'pct', 'pc', 'prozent', 'pourcent']);
/** Two-word percent forms in other languages: "pour cent", "por ciento", "per cento". */
export const PERCENT_PAIRS: ReadonlyMap<string, string> = new Map([
  ['pour', 'cent'],
  ['por', 'ciento'],
  ['per', 'cento'],
]);

function isDigits(t: string | undefined): t is string {
  return t !== undefined && /^\d/.test(t);
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toFixed(6)));
}

export interface NumberParse {
  value: number;
  next: number;
  /** Written with thousands separators or in words: never a year. */
  count: boolean;
  integerLiteral: boolean;
}

/** Parse a number (digits or English number words, with scale words) starting at tokens[i]. */
export function parseNumber(tokens: readonly string[], i: number): NumberParse | null {
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

export function monthAt(tokens: readonly string[], i: number): number | undefined {
  const w = tokens[i] as string;
  const m = MONTHS.get(w);
  if (m === undefined) return undefined;
  if (!AMBIGUOUS_MONTHS.has(w)) return m;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if ((prev !== undefined && (MONTH_CONTEXT.has(prev) || isDigits(prev))) || isDigits(next)) return m;
  return undefined;
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');
