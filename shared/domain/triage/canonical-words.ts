/**
 * One word's canonical form: negations to "not", synonyms and irregular verbs folded, stop words (those of the
 * text's language, stop-words.ts) and contraction leftovers dropped, the rest lightly stemmed.
 */
import { DEMONYMS } from './lexicons/demonyms.ts';
import { IRREGULAR_VERBS, NEGATIONS, STOP_WORDS, WORD_SYNONYMS } from './lexicons/signature-words.ts';
import { stopWordsFor } from './stop-words.ts';

const JUNK: ReadonlySet<string> = new Set(['wo', 'ca', 's', 't', 'd', 'll', 've', 're']);

/**
 * Word forms matching needs folded that the stemmer gets wrong ("dies" stems to "di", "dying" and "dead" stay
 * apart from "died"; "die" itself is also the German article, so canonical-tokens.ts folds it only after an English
 * word that makes it the verb), and "over", which the synonym list makes "more": as a preposition ("a war over revenue")
 * it is a stop word; before a number canonical-tokens.ts still makes it "more". They sit here, not in
 * lexicons/signature-words.ts, because they override it.
 */
const MATCHING_FORMS: ReadonlyMap<string, string | null> = new Map<string, string | null>([
  ['dies', 'death'],
  ['dying', 'death'],
  ['dead', 'death'],
  ['kid', 'child'],
  ['over', null],
  // A name (canonical-tokens.ts marks a mid-sentence "Rose"), not the "up" direction.
  ['rose\u0307', 'rose'],
]);

/** Words the stemmer must not produce from a longer word: "notes" is not the negation "not". */
const PROTECTED_STEMS: ReadonlySet<string> = new Set(['not', ...NEGATIONS, ...STOP_WORDS]);

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
    if (PROTECTED_STEMS.has(w)) w = `${w}e`; // "noted" is "note", not "not"
  }
  if (w.length > 3 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  if (w.length > 3 && w.endsWith('e') && !PROTECTED_STEMS.has(w.slice(0, -1))) w = w.slice(0, -1);
  return w;
}

/**
 * Canonical tokens every synonym target maps to itself, so "vaccine" and "vaccines" both give "vaccine". A demonym
 * and its plural map to the country's stem, so "Korean", "Koreans" and "Israelis" give "korea" and "israel" (the
 * plural is listed because stem keeps a final "-is", as in "analysis").
 */
const SYNONYMS: ReadonlyMap<string, string> = new Map<string, string>([
  ...[...WORD_SYNONYMS.values()].map((v): [string, string] => [v, v]),
  ...WORD_SYNONYMS,
  ...DEMONYMS.flatMap(
    ([demonym, country]): Array<[string, string]> => [
      [demonym, stem(country)],
      [`${demonym}s`, stem(country)],
    ],
  ),
]);

const UNDETERMINED = stopWordsFor('und');

/** `stops`: the stop words of the text's language (stopWordsFor); undetermined text's by default. */
export function canonicalWord(raw: string, stops: ReadonlySet<string> = UNDETERMINED): string | null {
  if (NEGATIONS.has(raw)) return 'not';
  const w = raw.replace(/'.*$/, '');
  if (w === 'up' || w === 'down') return null; // particles; directions come from folded verbs only
  const form = MATCHING_FORMS.get(w);
  if (form !== undefined) return form;
  const direct = SYNONYMS.get(w);
  if (direct !== undefined) return direct === '' ? null : direct;
  const irregular = IRREGULAR_VERBS.get(w);
  if (irregular !== undefined) return irregular === '' ? null : irregular;
  if (stops.has(w) || JUNK.has(w) || w.length === 0) return null;
  const stemmed = stem(w);
  const viaStem = SYNONYMS.get(stemmed);
  if (viaStem !== undefined) return viaStem === '' ? null : viaStem;
  if (STOP_WORDS.has(stemmed) || stemmed.length < 2) return null;
  return stemmed;
}
