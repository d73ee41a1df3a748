// biome-ignore-all format: word lists laid out by hand in rows; one entry a line would make them ten times longer
/**
 * Words that make up quantities (canonical-quantities.ts, canonical-tokens.ts, names.ts): month names, number and
 * scale words, currencies. Plain data, lower-case.
 */

export const MONTHS: ReadonlyMap<string, number> = new Map<string, number>([
  ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4],
  ['may', 5], ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8], ['september', 9],
  ['sep', 9], ['sept', 9], ['october', 10], ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
  // French, Spanish, German, Portuguese, Italian month names that differ from the English ones
  ['janvier', 1], ['février', 2], ['mars', 3], ['avril', 4], ['mai', 5], ['juin', 6], ['juillet', 7], ['août', 8],
  ['septembre', 9], ['octobre', 10], ['novembre', 11], ['décembre', 12],
  ['enero', 1], ['febrero', 2], ['marzo', 3], ['abril', 4], ['mayo', 5], ['junio', 6], ['julio', 7], ['agosto', 8],
  ['septiembre', 9], ['octubre', 10], ['noviembre', 11], ['diciembre', 12],
  ['januar', 1], ['februar', 2], ['märz', 3], ['juni', 6], ['juli', 7], ['oktober', 10], ['dezember', 12],
  ['janeiro', 1], ['fevereiro', 2], ['março', 3], ['maio', 5], ['junho', 6], ['julho', 7], ['setembro', 9],
  ['outubro', 10], ['dezembro', 12],
  ['gennaio', 1], ['febbraio', 2], ['aprile', 4], ['maggio', 5], ['giugno', 6], ['luglio', 7], ['settembre', 9],
  ['ottobre', 10], ['dicembre', 12],
]);

/** Number words (English) and their values; scale words multiply. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ['zero', 0], ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7],
  ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12], ['thirteen', 13], ['fourteen', 14],
  ['fifteen', 15], ['sixteen', 16], ['seventeen', 17], ['eighteen', 18], ['nineteen', 19], ['twenty', 20],
  ['thirty', 30], ['forty', 40], ['fifty', 50], ['sixty', 60], ['seventy', 70], ['eighty', 80], ['ninety', 90],
  ['dozen', 12],
]);

export const SCALE_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ['hundred', 100], ['thousand', 1e3], ['k', 1e3], ['million', 1e6], ['millions', 1e6], ['mn', 1e6], ['m', 1e6],
  ['billion', 1e9], ['billions', 1e9], ['bn', 1e9], ['b', 1e9], ['trillion', 1e12], ['tn', 1e12],
  ['milliard', 1e9], ['milliards', 1e9], ['mille', 1e3], ['mil', 1e3], ['millones', 1e6], ['millón', 1e6],
  ['millionen', 1e6], ['milliarden', 1e9], ['millions', 1e6],
]);

export const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map<string, string>([
  ['$', '$'], ['dollar', '$'], ['dollars', '$'], ['usd', '$'],
  ['€', '€'], ['euro', '€'], ['euros', '€'], ['eur', '€'],
  ['£', '£'], ['pound', '£'], ['pounds', '£'], ['gbp', '£'], ['sterling', '£'],
  ['¥', '¥'], ['yen', '¥'], ['yuan', 'CN¥'], ['rupees', '₹'], ['₹', '₹'],
]);
