/**
 * One word's canonical form: negations to "not", synonyms and irregular verbs folded, stop words (English and
 * foreign) and contraction leftovers dropped, the rest lightly stemmed.
 */
import { FOREIGN_STOP_WORDS, IRREGULAR_VERBS, NEGATIONS, STOP_WORDS, WORD_SYNONYMS } from './lexicons/signature-words.ts';

const JUNK: ReadonlySet<string> = new Set(['wo', 'ca', 's', 't', 'd', 'll', 've', 're']);

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
