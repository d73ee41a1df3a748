/**
 * Features of the check-worthiness model: the one definition shared by the training script
 * (test/training/train-triage.ts) and the runtime scorer (check-worthiness.ts), so both see the same vector.
 *
 * A sentence becomes a sparse vector of hashed features:
 * - word unigrams and bigrams (`w:`/`b:`), numbers folded to one token, each group scaled to unit length;
 * - character 3- and 4-grams (`c:`), unit length (the only text features of the multilingual model);
 * - cues the old hand-weighted scorer was right about, now learned as weights: a real quantity (`f:quantity`;
 *   digits in URLs, @handles, hashtags, dates, times, ordinals and names like "COVID-19" or "KN-23" do not count),
 *   a percentage, money, a scale word ("million"), a comparison, an attribution ("said"), a question;
 * - context, when given: the speaker's role (moderators and audience rarely make check-worthy claims) and whether
 *   the previous sentence was a question.
 * Pure: no I/O.
 */
import {
  CAPTION_MARKERS,
  CAPTION_PREFIX,
  CHANGE_WORDS,
  DENIAL_WORDS,
  EVALUATIVE_WORDS,
  MODAL_OPINION_WORDS,
  OPINION_PHRASES,
  PREDICTION_PHRASES,
  STATISTIC_TERMS,
} from './lexicons/check-worthiness-cues.ts';

import type { FeatureMode, Genre } from '../../contracts/check-worthiness-model.ts';

export type { FeatureMode, Genre } from '../../contracts/check-worthiness-model.ts';

const POST_MARK_RE = /\bhttps?:\/\/|\bwww\.|(?:^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]+|#[\p{L}\p{N}_]+|\bRT\b/u;

/** A post when the raw text carries a link, a handle, a hashtag or "RT"; otherwise a sentence. */
export function genreOf(text: string): Genre {
  return POST_MARK_RE.test(text) ? 'post' : 'sentence';
}

export interface ScoringContext {
  /** Speaker name as written ("HOLT", "Trump"). MODERATOR, QUESTION, AUDIENCE and SYSTEM are read as roles. */
  speaker?: string | undefined;
  /** The speaker's role when known; pass 'moderator' for a host or interviewer. */
  speakerRole?: 'moderator' | 'audience' | 'speaker' | undefined;
  /** The sentence before this one in the same document or transcript. */
  previous?: string | undefined;
  /** The sentence after this one. */
  next?: string | undefined;
}

export interface Feature {
  /** Namespaced name, e.g. `w:said`, `f:quantity`, `c:aid`. */
  name: string;
  value: number;
  /** The text that fired a cue, for the reasons shown to people (e.g. "3,000"). */
  evidence?: string;
}

const URL_RE = /\b(?:https?:\/\/|www\.)\S+|\b[\w-]+\.(?:com|org|net|gov|co|ly|io)\/\S*/giu;
const HANDLE_RE = /(?:^|[^\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu;
const HASHTAG_RE = /#[\p{L}\p{N}_]+/gu;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|diciembre';
const DATE_RES: readonly RegExp[] = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/gu,
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/gu,
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'giu'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th|º)?\\s+(?:of\\s+|de\\s+)?(?:${MONTHS})(?:\\s+(?:de\\s+)?\\d{4})?\\b`, 'giu'),
  /\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?\b/giu,
  /\b\d{1,2}\s?[ap]\.m\.|\b\d{1,2}\s?[ap]m\b/giu,
  /\b\d{1,2}(?:\.\d{2})?\s?h\b/giu,
];

/**
 * Text as the model reads it: URLs, @handles, hashtags, dates and times removed, whitespace collapsed.
 * Tweets carry most of their digits there (2,602 of 4,298 CheckThat! 2022 tweets had no others).
 */
export function cleanForScoring(text: string): string {
  let t = text.replace(URL_RE, ' ').replace(HANDLE_RE, ' ').replace(HASHTAG_RE, ' ');
  for (const re of DATE_RES) t = t.replace(re, ' ');
  return t
    .replace(/\bRT\b/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

const DIGIT = '[0-9\u0660-\u0669]';
/** A number standing alone: not glued to letters or hyphens ("COVID-19", "KN-23", "2nd", "5G", "G20"). */
const NUMBER_RE = new RegExp(`(?<![\\p{L}\\p{N}_-])[$€£¥]?${DIGIT}+(?:[.,]${DIGIT}+)*(?:\\s?(?:%|٪))?(?![\\p{L}\\p{N}_]|-\\p{L})`, 'gu');
const YEAR_RE = /^(?:1[89]|20)\d\d$/u;
const PERCENT_RE = /%|٪|\bper ?cent\b|\bpor ?ciento\b|بالمائة|بالمئة|في المئة|في المائة/iu;
const MONEY_RE = /[$€£¥]\s?\d|\b\d[\d.,]*\s?(?:dollars?|euros?|pounds?|dólares|pesos|دولار|يورو|ريال|جنيه)\b/iu;
const SCALE_RE = /\b(?:hundred|thousand|million|billion|trillion|mil|millón|millones|billón|billones)\b|ألف|مليون|مليار|ملايين/iu;
const NUMBER_WORD_RE =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half|dozens?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cuarenta|cincuenta|mitad)\b/iu;

const CUES: Record<string, { comparison: RegExp; attribution: RegExp }> = {
  en: {
    comparison:
      /\b(?:more|less|fewer|than|most|least|higher|lower|highest|lowest|largest|biggest|smallest|increased?|decreased?|doubled?|tripled?|rose|risen|fell|fallen|record|times as|up from|down from|only country|first time)\b/iu,
    attribution: /\b(?:said|says|say|according to|claimed|claims|reported|reports|told|announced|stated|admitted)\b/iu,
  },
  es: {
    comparison: /\b(?:más|menos|que|mayor|menor|máximo|mínimo|récord|aumentó|aumento|subió|bajó|cayó|duplicó|triplicó|primera vez|único país)\b/iu,
    attribution: /\b(?:dijo|dice|afirmó|afirma|aseguró|asegura|según|declaró|anunció|denunció|reconoció)\b/iu,
  },
  ar: {
    comparison: /أكثر|أقل|أعلى|أدنى|أكبر|أصغر|ارتفاع|انخفاض|تضاعف|زيادة|لأول مرة|قياسي/u,
    attribution: /قال|وفق|حسب|أعلن|أكد|صرح|أفاد|كشف/u,
  },
};

/** English cue words learned as weights (the previous hand-weighted scorer's word lists, in lexicons/). */
const phraseRe = (phrases: readonly string[]) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}'])(?:${[...phrases]
      .sort((a, b) => b.length - a.length)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|')})(?![\\p{L}\\p{N}])`,
    'iu',
  );
const EN_LEXICON_CUES: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: 'f:statistic', re: phraseRe([...STATISTIC_TERMS]) },
  { name: 'f:change', re: phraseRe([...CHANGE_WORDS]) },
  { name: 'f:opinion', re: phraseRe(OPINION_PHRASES) },
  { name: 'f:modal', re: phraseRe([...MODAL_OPINION_WORDS]) },
  { name: 'f:evaluative', re: phraseRe([...EVALUATIVE_WORDS]) },
  { name: 'f:prediction', re: phraseRe(PREDICTION_PHRASES.filter((p) => !['may', 'could', 'might', 'would'].includes(p))) },
  { name: 'f:speculation', re: /\b(?:could|might|would|may)\b/u },
  { name: 'f:denial', re: phraseRe([...DENIAL_WORDS]) },
  { name: 'f:caption', re: phraseRe(CAPTION_MARKERS) },
  { name: 'f:first_person', re: /\b(?:i|i'm|i've|me|my|we|we're|we've|our|us)\b/iu },
  { name: 'f:second_person', re: /\b(?:you|your|you're)\b/iu },
  { name: 'f:thanks', re: /\b(?:thank|thanks|applause|laughter|crosstalk|inaudible)\b/iu },
  { name: 'f:past', re: /\b(?:was|were|had|did)\b|\b\p{L}{3,}ed\b/iu },
];
/** A capitalized word inside the sentence (a name, a place, an organization) — not the first word, not "I". */
const NAME_RE = /(?<=\p{L}[,;:]?\s+)(?!I\b)\p{Lu}\p{Ll}+/u;

const ROLE_NAMES: Record<string, 'moderator' | 'audience'> = {
  MODERATOR: 'moderator',
  QUESTION: 'audience',
  AUDIENCE: 'audience',
  SYSTEM: 'audience',
  UNKNOWN: 'audience',
};

const TOKEN_RE = /[\p{L}\p{M}]+(?:'[\p{L}]+)?|[0-9\u0660-\u0669]+(?:[.,][0-9\u0660-\u0669]+)*/gu;

function tokens(text: string): string[] {
  return (text.toLowerCase().match(TOKEN_RE) ?? []).map((t) => (/^[0-9\u0660-\u0669]/u.test(t) ? '<num>' : t));
}

function pushGroup(out: Feature[], names: readonly string[]): void {
  if (names.length === 0) return;
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  const scale = 1 / Math.sqrt(norm);
  for (const [name, c] of counts) out.push({ name, value: c * scale });
}

function realQuantities(clean: string): string[] {
  const found: string[] = [];
  for (const m of clean.matchAll(NUMBER_RE)) {
    const raw = m[0];
    if (YEAR_RE.test(raw)) continue;
    found.push(raw.trim());
  }
  return found;
}

/** The role the model sees: the declared role, or one read from a role-like speaker name. */
export function speakerRole(context: ScoringContext | undefined): 'moderator' | 'audience' | 'speaker' | null {
  if (context?.speakerRole !== undefined) return context.speakerRole;
  const name = context?.speaker?.trim().toUpperCase();
  if (name === undefined || name === '') return null;
  return ROLE_NAMES[name] ?? 'speaker';
}

/** The feature vector of one sentence. `language` picks the cue word lists (others get the language-free cues). */
export function extractFeatures(text: string, language: string, mode: FeatureMode, context?: ScoringContext): Feature[] {
  const clean = cleanForScoring(text);
  const out: Feature[] = [{ name: 'f:bias', value: 1 }];
  const toks = tokens(clean);
  if (mode === 'word+char') {
    pushGroup(
      out,
      toks.map((t) => `w:${t}`),
    );
    pushGroup(
      out,
      toks.slice(1).map((t, i) => `b:${toks[i]} ${t}`),
    );
  }
  if (mode !== 'cues') {
    const lower = ` ${clean.toLowerCase()} `;
    const grams: string[] = [];
    for (let n = 3; n <= 4; n++) for (let i = 0; i + n <= lower.length; i++) grams.push(`c:${lower.slice(i, i + n)}`);
    pushGroup(out, grams);
  }

  const quantities = realQuantities(clean);
  if (quantities.length > 0) out.push({ name: 'f:quantity', value: 1, evidence: quantities.slice(0, 3).join('", "') });
  if (quantities.length > 1) out.push({ name: 'f:quantities', value: 1 });
  if (quantities.some((q) => YEAR_RE.test(q)) || /\b(?:1[89]|20)\d\d\b/u.test(clean)) out.push({ name: 'f:year', value: 1 });
  const pct = clean.match(PERCENT_RE);
  if (pct) out.push({ name: 'f:percent', value: 1, evidence: pct[0] });
  const money = clean.match(MONEY_RE);
  if (money) out.push({ name: 'f:money', value: 1, evidence: money[0] });
  const scale = clean.match(SCALE_RE);
  if (scale) out.push({ name: 'f:scale', value: 1, evidence: scale[0] });
  const numberWord = clean.match(NUMBER_WORD_RE);
  if (numberWord) out.push({ name: 'f:number_word', value: 1, evidence: numberWord[0] });
  const cues = CUES[language];
  if (cues !== undefined) {
    const cmp = clean.match(cues.comparison);
    if (cmp) out.push({ name: 'f:comparison', value: 1, evidence: cmp[0] });
    const attr = clean.match(cues.attribution);
    if (attr) out.push({ name: 'f:attribution', value: 1, evidence: attr[0] });
  }
  if (language === 'en') {
    for (const cue of EN_LEXICON_CUES) {
      const m = clean.match(cue.re);
      if (m) out.push({ name: cue.name, value: 1, evidence: m[0] });
    }
    if (CAPTION_PREFIX.test(clean) && !out.some((f) => f.name === 'f:caption')) out.push({ name: 'f:caption', value: 1 });
    const name = clean.match(NAME_RE);
    if (name) out.push({ name: 'f:name', value: 1, evidence: name[0] });
  }
  if (/[?؟]\s*$/u.test(clean)) out.push({ name: 'f:question', value: 1 });
  const n = toks.length;
  out.push({ name: `f:len:${n < 4 ? 'xs' : n < 8 ? 's' : n < 16 ? 'm' : n < 32 ? 'l' : 'xl'}`, value: 1 });

  const role = speakerRole(context);
  if (role !== null) out.push({ name: `ctx:role:${role}`, value: 1 });
  if (context?.previous !== undefined && /[?؟]\s*$/u.test(context.previous.trim())) out.push({ name: 'ctx:after_question', value: 1 });
  return out;
}

/** FNV-1a over UTF-16 code units: deterministic and fast, the same in training and at run time. */
export function hashFeature(name: string, bits: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & ((1 << bits) - 1);
}
