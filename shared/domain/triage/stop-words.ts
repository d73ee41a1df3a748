// biome-ignore-all format: word lists laid out by hand in rows; one entry a line would make them ten times longer
/**
 * Stop words by the text's language. One list for every language dropped content words of another: German "war"
 * ("was") emptied English claims about war, Spanish/French "son" dropped "son", German "hat", French "plus",
 * Spanish "con", "el"/"los"/"las"/"al"/"la" (El Paso, Los Angeles, Al Qaeda) and "un" (the UN). Each language now
 * drops its own list; English and undetermined text ("und", or a language without a list) drop the English list
 * plus the other lists' words that are not English words. ENGLISH_CLASHES was found by counting every foreign stop
 * word's documents in the English CheckThat! 2020/2022 collections and train tweets (25,406 texts; notes/match2.md).
 * Text in a listed language still drops the English list (tweets mix English in), except English stop words that
 * are content words of that language.
 */
import { STOP_WORDS } from './lexicons/signature-words.ts';

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

const PT_IT = 'os as um uma do da dos das no na nos nas foi il lo gli di della dei nel nella è sono';

const OWN: Readonly<Record<string, readonly string[]>> = {
  fr: words(
    'le la les un une des du de d l au aux et ou en dans sur pour par avec est sont a ont été être ce cette ces qui que ' +
      'selon dit il elle ils elles se sa son ses leur leurs plus',
  ),
  // The articles and "de" were missing: Spanish claims kept "la", "un", "una" and "de" as terms.
  es: words('el la lo los las un una uno unos unas de del al y o en es son fue fueron ha han que se su sus por para con como según dijo'),
  // Negations (nicht, kein) stay: they change the claim. "als" (ALS) and "aus" (Aus) are left to English.
  de: words(
    'der die das den dem des ein eine einer eines und oder im in ist sind war waren hat haben wurde wurden wird werden zu mit von auf für nach bei ' +
      'es sich auch dass laut sagte',
  ),
  // Portuguese and Italian share the short forms the one list had.
  pt: words(PT_IT),
  it: words(PT_IT),
};

/** Foreign stop words that are English words or parts of English names: kept in English and undetermined text. */
export const ENGLISH_CLASHES: ReadonlySet<string> = new Set(
  words('war son hat plus con dem un mit da han al la los las el'),
);

/** English stop words that are content words in a listed language: kept in text of that language. */
const OWN_CLASHES: Readonly<Record<string, readonly string[]>> = {
  de: words('still last all'), // still = quiet, Last = burden, All = space
  fr: words('report mine'), // report = postponement, mine = look / mine
};

const DEFAULT: ReadonlySet<string> = new Set([
  ...STOP_WORDS,
  ...Object.values(OWN)
    .flat()
    .filter((w) => !ENGLISH_CLASHES.has(w)),
]);

/** English text: "die" is the verb (canonical-tokens.ts folds it with "died"), never the German article. */
const ENGLISH: ReadonlySet<string> = new Set([...DEFAULT].filter((w) => w !== 'die'));

const BY_LANGUAGE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(OWN).map(([code, own]): [string, ReadonlySet<string>] => {
    const kept = new Set(OWN_CLASHES[code] ?? []);
    return [code, new Set([...own, ...[...STOP_WORDS].filter((w) => !kept.has(w))])];
  }),
).set('en', ENGLISH);

/**
 * The stop words of text in `language` (an ISO 639-1 code, or "und"). English and any language without its own list
 * get the default set, which keeps dropping "die" (canonical-tokens.ts reads it as the verb after an English word);
 * English drops the same words but "die".
 */
export function stopWordsFor(language: string | undefined): ReadonlySet<string> {
  return BY_LANGUAGE.get(language ?? 'und') ?? DEFAULT;
}
