/**
 * Language detection with eld (Efficient Language Detector, Apache-2.0; its n-gram model ships inside the npm
 * package, nothing is downloaded; no I/O). Measured on short claims from the CheckThat! train/dev splits by
 * npm run eval:triage (see /work/notes and README); it replaced franc-min, which read 19% of short English
 * claims as another language.
 */
import { eld } from 'eld/medium';
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

const LETTER = /\p{L}/gu;
/** Scripts where a couple of characters are enough to tell the language. */
const SCRIPT_ONLY = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Greek}]/u;
/** Below this many letters the text is undetermined (unless its script decides). */
const MIN_LETTERS = 8;
/** URLs, @handles and hashtags say nothing about the language of the claim. */
const NOISE = /\bhttps?:\/\/\S+|[@#][\p{L}\p{N}_]+/gu;

/**
 * Detect the language of `text`, or take `given` when the submitter supplied a valid ISO 639-1 code.
 * Returns "und" for text too short to tell or when the detector cannot decide.
 */
export function detectLanguage(text: string, given?: string): DetectedLanguage {
  if (given !== undefined && isKnownLanguageCode(given)) {
    return { code: given.trim().toLowerCase(), detected: false };
  }
  const clean = text.replace(NOISE, ' ');
  const letters = clean.match(LETTER)?.length ?? 0;
  const scriptOnly = SCRIPT_ONLY.test(clean);
  if (letters < MIN_LETTERS && !(scriptOnly && letters >= 2)) return { code: 'und', detected: true };
  const code = eld.detect(clean).language;
  return { code: isKnownLanguageCode(code) ? code : 'und', detected: true };
}
