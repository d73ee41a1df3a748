/**
 * Language detection with franc-min (trigram model, ESM, ~170 KB; no I/O).
 */
import { franc } from 'franc-min';
import type { DetectedLanguage } from './types.ts';

/** ISO 639-1 two-letter codes in current use (deprecated ones such as bh, sh, iw, in, ji, mo are left out). Used by API validation of a submitter-given language. */
export const ISO_639_1_CODES: readonly string[] = (
  'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en ' +
  'eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja ' +
  'jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb ' +
  'nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq ' +
  'sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
).split(' ');

const ISO_639_1_SET: ReadonlySet<string> = new Set(ISO_639_1_CODES);

/** Whether `code` is an ISO 639-1 code (case-insensitive), e.g. "en", "FR". "und" is not a language code. */
export function isKnownLanguageCode(code: string): boolean {
  return ISO_639_1_SET.has(code.trim().toLowerCase());
}

/**
 * franc-min's languages (ISO 639-3) that have an ISO 639-1 code. Individual languages of a macrolanguage map to
 * the macrolanguage's code (arb -> ar, zlm -> ms, uzn -> uz, ...). Languages without a 639-1 code (Cebuano,
 * Ilocano, Madurese, ...) are left out, so franc never answers with them.
 */
// biome-ignore format: a lookup table laid out in rows
const ISO3_TO_ISO1: ReadonlyMap<string, string> = new Map([
  ['eng', 'en'], ['spa', 'es'], ['por', 'pt'], ['fra', 'fr'], ['deu', 'de'], ['ita', 'it'], ['nld', 'nl'],
  ['pol', 'pl'], ['tur', 'tr'], ['ron', 'ro'], ['hun', 'hu'], ['ces', 'cs'], ['swe', 'sv'], ['ind', 'id'],
  ['zlm', 'ms'], ['vie', 'vi'], ['jav', 'jv'], ['sun', 'su'], ['tgl', 'tl'], ['swh', 'sw'], ['hau', 'ha'],
  ['yor', 'yo'], ['ibo', 'ig'], ['zul', 'zu'], ['kin', 'rw'], ['run', 'rn'], ['nya', 'ny'], ['lin', 'ln'],
  ['som', 'so'], ['plt', 'mg'], ['qug', 'qu'], ['zyb', 'za'], ['fuv', 'ff'], ['bos', 'bs'], ['hrv', 'hr'],
  ['srp', 'sr'], ['uzn', 'uz'], ['azj', 'az'], ['ckb', 'ku'], ['rus', 'ru'], ['ukr', 'uk'], ['bel', 'be'],
  ['bul', 'bg'], ['kaz', 'kk'], ['koi', 'kv'], ['arb', 'ar'], ['urd', 'ur'], ['pes', 'fa'], ['pbu', 'ps'],
  ['hin', 'hi'], ['mar', 'mr'], ['npi', 'ne'],
  // Languages franc recognizes by script alone.
  ['cmn', 'zh'], ['jpn', 'ja'], ['kor', 'ko'], ['ben', 'bn'], ['tel', 'te'], ['tam', 'ta'], ['guj', 'gu'],
  ['kan', 'kn'], ['mal', 'ml'], ['mya', 'my'], ['pan', 'pa'], ['amh', 'am'], ['tha', 'th'], ['sin', 'si'],
  ['ell', 'el'],
]);

const ALL_CANDIDATES: string[] = [...ISO3_TO_ISO1.keys()];

/**
 * For short text, trigram statistics are weak and small languages win by accident ("Is that true?" comes out as
 * Scots or Tagalog). Restrict short text to widely used news languages (plus the script-only ones).
 */
const SHORT_TEXT_CANDIDATES: string[] = [
  'eng',
  'spa',
  'por',
  'fra',
  'deu',
  'ita',
  'nld',
  'pol',
  'tur',
  'ron',
  'rus',
  'ukr',
  'arb',
  'hin',
  'ind',
  'swe',
  'cmn',
  'jpn',
  'kor',
  'ben',
  'tel',
  'tam',
  'guj',
  'kan',
  'mal',
  'mya',
  'pan',
  'amh',
  'tha',
  'sin',
  'ell',
];

/** Below this many letters the text is undetermined. */
const MIN_LETTERS = 10;
/** Below this many letters only SHORT_TEXT_CANDIDATES are considered. */
const SHORT_TEXT_LETTERS = 60;

/**
 * Frequent function words of the most common Latin-script news languages. For short text, trigram statistics are
 * unreliable ("Sign up for our newsletter." comes out French), while two or more function words are decisive.
 */
const FUNCTION_WORDS: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  [
    'en',
    'the of and to in is are was were be for on that with by it this from at as have has not our we you they their many how what who why will should must its his her near during about more here past into after over',
  ],
  ['fr', 'le la les des du un une et est sont dans pour sur que qui pas au aux ce cette nous vous ils elles va'],
  ['es', 'el la los las del un una y es son en por para con que qué quién no se su esto todo va al'],
  ['de', 'der die das den dem des und ist sind nicht ein eine mit von zu auf für im wird wurde'],
  ['pt', 'o a os as do da dos das um uma e é são em por para com que não no na ao'],
  ['it', 'il lo la gli le di del della un una e è sono in per con che non nel alla'],
  ['nl', 'de het een en is zijn van in op voor met dat niet te'],
].map(([code, words]) => [code as string, new Set((words as string).split(' '))] as const);

function functionWordGuess(text: string): string | null {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: string | null = null;
  let bestHits = 0;
  let tie = false;
  for (const [code, set] of FUNCTION_WORDS) {
    const hits = words.filter((w) => set.has(w)).length;
    if (hits > bestHits) {
      best = code;
      bestHits = hits;
      tie = false;
    } else if (hits === bestHits) tie = true;
  }
  return bestHits >= 2 && !tie ? best : null;
}

const LETTER = /\p{L}/gu;
/** Scripts where a handful of characters is enough (franc decides these by script, not trigrams). */
const SCRIPT_ONLY = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Greek}]/u;

/**
 * Detect the language of `text`, or take `given` when the submitter supplied a valid ISO 639-1 code.
 * Returns "und" for text too short to tell or when franc cannot decide.
 */
export function detectLanguage(text: string, given?: string): DetectedLanguage {
  if (given !== undefined && isKnownLanguageCode(given)) {
    return { code: given.trim().toLowerCase(), detected: false };
  }
  const letters = text.match(LETTER)?.length ?? 0;
  const scriptOnly = SCRIPT_ONLY.test(text);
  if (letters < MIN_LETTERS && !(scriptOnly && letters >= 2)) return { code: 'und', detected: true };
  if (letters < SHORT_TEXT_LETTERS && !scriptOnly) {
    const guess = functionWordGuess(text);
    if (guess !== null) return { code: guess, detected: true };
  }
  const only = letters < SHORT_TEXT_LETTERS ? SHORT_TEXT_CANDIDATES : ALL_CANDIDATES;
  const iso3 = franc(text, { only, minLength: 1 });
  return { code: ISO3_TO_ISO1.get(iso3) ?? 'und', detected: true };
}
