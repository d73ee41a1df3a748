/**
 * THE PREVIOUS, HAND-WEIGHTED SCORER, kept only so npm run eval:triage can show it beside the trained model.
 * Not used by the product (shared/domain/triage/check-worthiness.ts replaced it).
 *
 * Check-worthiness: how much a statement looks like a factual, verifiable claim.
 *
 * Signals are weighted and combined with a logistic function, so the score is in (0, 1):
 *   score = 1 / (1 + exp(-(BIAS + sum of weights)))
 * Every signal that fired is returned as a reason naming the words it found.
 *
 * English text is analysed with compromise (part-of-speech tags, people, places, organizations, numbers; its model
 * ships in the package, nothing is downloaded at run time) and the word lists in triage/lexicons/. Other languages get
 * only the language-independent signals (numbers, percentages, money, dates, quotation and question marks, and the
 * few direction-of-change words the signature lexicon knows), and a reason says so.
 */
import nlp from 'compromise';
import { canonicalTokens, DIR_DOWN, DIR_UP } from '../../shared/domain/triage/claim-signature.ts';
import {
  ATTRIBUTION_WORDS,
  CAPTION_MARKERS,
  CAPTION_PREFIX,
  CAPTION_VERBS,
  CHANGE_WORDS,
  COMPARISON_PHRASES,
  DENIAL_WORDS,
  EVALUATIVE_WORDS,
  MODAL_OPINION_WORDS,
  OPINION_PHRASES,
  PREDICTION_PHRASES,
  SPEECH_FILLER,
  STATISTIC_TERMS,
} from '../../shared/domain/triage/lexicons/check-worthiness-cues.ts';
import { STOP_WORDS } from '../../shared/domain/triage/lexicons/signature-words.ts';
import type { CheckWorthiness, CheckWorthinessReason } from '../../shared/domain/triage/types.ts';

/** Signal weights (log-odds). Tuned on test/fixtures/triage/check-worthiness.json; see the evaluation script. */
export const CHECK_WORTHINESS_WEIGHTS = {
  bias: -1.2,
  quantity: 1.6,
  percentOrMoney: 0.4,
  date: 0.4,
  namedEntity: 0.7,
  severalEntityKinds: 0.3,
  comparison: 0.9,
  change: 0.6,
  statisticTerm: 0.5,
  pastEvent: 0.4,
  attribution: 0.2,
  quotation: 0.2,
  question: -3.0,
  opinionPhrase: -2.0,
  modalOpinion: -1.5,
  evaluative: -0.9,
  prediction: -2.0,
  weakPrediction: -1.0,
  captionPrefix: -3.5,
  captionMarker: -2.0,
  fragment: -2.0,
  captionVerb: -1.5,
  pureAttribution: -2.5,
  denial: -1.0,
  short: -1.0,
} as const;

const W = CHECK_WORTHINESS_WEIGHTS;

/** The subset of compromise's term JSON that we read. */
interface TermJson {
  text: string;
  normal: string;
  tags: string[];
}

interface SentenceJson {
  terms: TermJson[];
}

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));
const quoteList = (words: readonly string[]): string => words.map((w) => `"${w}"`).join(', ');
const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Build one case-insensitive regex for a phrase list (once, at module load). */
function phraseRegex(phrases: readonly string[]): RegExp {
  const alternatives = [...phrases].sort((a, b) => b.length - a.length).map(escapeRe);
  return new RegExp(`(?<![\\p{L}\\p{N}'])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

const COMPARISON_RE = phraseRegex(COMPARISON_PHRASES);
const OPINION_RE = phraseRegex(OPINION_PHRASES);
// "may" is a month when capitalized; only the lower-case modal counts as a prediction.
const PREDICTION_RE = phraseRegex(PREDICTION_PHRASES.filter((p) => p !== 'may'));
const MAY_MODAL_RE = /\bmay\b/g;
const CAPTION_MARKER_RE = phraseRegex(CAPTION_MARKERS);
const WEAK_PREDICTIONS: ReadonlySet<string> = new Set(['could', 'may', 'might', 'would']);
const QUOTATION_RE = /"[^"]{3,}"/;

function matches(re: RegExp, text: string): string[] {
  return uniq([...text.matchAll(re)].map((m) => m[0].toLowerCase()));
}

function describeQuantities(qs: readonly string[]): string {
  return quoteList(qs.map((q) => (q.startsWith('--') ? `month ${q.slice(2)}` : q.startsWith('-') ? q.slice(1) : q)));
}

/**
 * Score how worth checking `text` is (0..1, higher = more check-worthy) and say why.
 * `language` is an ISO 639-1 code or "und"; English analysis is applied to "en" and "und".
 */
export function scoreCheckWorthiness(text: string, language: string): CheckWorthiness {
  const reasons: CheckWorthinessReason[] = [];
  const add = (code: string, weight: number, description: string): void => {
    reasons.push({ code, description, weight });
  };
  const lower = text.toLowerCase();
  const english = language === 'en' || language === 'und';

  // ---- language-independent signals ---------------------------------------------------------------------------
  const { quantities, tokens, dates } = canonicalTokens(text);
  const values = quantities.filter((q) => !dates.includes(q));
  if (values.length > 0) {
    add('quantity', W.quantity, `contains the quantit${values.length > 1 ? 'ies' : 'y'} ${describeQuantities(values)}`);
    const special = values.filter((q) => q.endsWith('%') || /^\D/.test(q));
    if (special.length > 0) {
      add('percent_or_money', W.percentOrMoney, `states a percentage or amount of money: ${describeQuantities(special)}`);
    }
  }
  if (dates.length > 0) add('date', W.date, `names a specific date or period: ${describeQuantities(dates)}`);
  if (text.includes('?')) add('question', W.question, 'is phrased as a question ("?")');
  if (QUOTATION_RE.test(text)) add('quotation', W.quotation, 'contains a direct quotation');
  const direction = tokens.find((t) => t === DIR_UP || t === DIR_DOWN);

  if (!english) {
    if (direction !== undefined) {
      add('change', W.change, `asserts a change (${direction === DIR_UP ? 'an increase' : 'a decrease'})`);
    }
    add(
      'language_limited',
      0,
      `only language-independent signals (numbers, dates, quotation and question marks) were applied: the text is ` +
        `in "${language}" and the word lists and tagger cover English`,
    );
    return finish(reasons);
  }

  // ---- English analysis ---------------------------------------------------------------------------------------
  // compromise's json() is typed `any`; we read only the fields declared in SentenceJson.
  const sentences = nlp(text).json() as SentenceJson[];
  const terms = sentences.flatMap((s) => s.terms);
  const words = terms.map((t) => t.normal).filter((w) => w.length > 0);
  const has = (t: TermJson, tag: string): boolean => t.tags.includes(tag);

  if (words.length < 4) add('short', W.short, `has only ${words.length} word${words.length === 1 ? '' : 's'}`);

  // Named entities: people, places, organizations (grouped into phrases), plus capitalized proper nouns mid-sentence.
  const entities: Array<{ kind: string; text: string }> = [];
  let current: { kind: string; parts: string[] } | null = null;
  terms.forEach((t, i) => {
    const kind = has(t, 'Person')
      ? 'person'
      : has(t, 'Place')
        ? 'place'
        : has(t, 'Organization')
          ? 'organization'
          : has(t, 'ProperNoun') && i > 0 && /^\p{Lu}/u.test(t.text) && !has(t, 'Date') && !has(t, 'Month')
            ? 'name'
            : null;
    if (kind !== null && current !== null && (current.kind === kind || kind === 'name')) {
      current.parts.push(t.text);
    } else {
      if (current !== null) entities.push({ kind: current.kind, text: current.parts.join(' ') });
      current = kind === null ? null : { kind, parts: [t.text] };
    }
  });
  if (current !== null) {
    const last: { kind: string; parts: string[] } = current;
    entities.push({ kind: last.kind, text: last.parts.join(' ') });
  }
  const entityTexts = uniq(entities.map((e) => e.text.replace(/[.,;:!?]+$/, '')));
  if (entityTexts.length > 0) {
    add('named_entity', W.namedEntity, `names ${quoteList(entityTexts)}`);
    const kinds = new Set(entities.map((e) => (e.kind === 'name' ? 'organization' : e.kind)));
    if (kinds.size >= 2) add('named_entities', W.severalEntityKinds, `names ${[...kinds].join(' and ')}`);
  }

  const comparisons = matches(COMPARISON_RE, text);
  const superlatives = terms.filter((t) => has(t, 'Superlative') && !EVALUATIVE_WORDS.has(t.normal)).map((t) => t.normal);
  const comparisonWords = uniq([...comparisons, ...superlatives.filter((s) => !comparisons.some((c) => c.includes(s)))]);
  if (comparisonWords.length > 0) add('comparison', W.comparison, `makes a comparison: ${quoteList(comparisonWords)}`);

  const changes = uniq(words.filter((w) => CHANGE_WORDS.has(w)));
  if (changes.length > 0) add('change', W.change, `asserts a change: ${quoteList(changes)}`);

  const stats = uniq(words.filter((w) => STATISTIC_TERMS.has(w)));
  if (stats.length > 0) add('statistic_term', W.statisticTerm, `mentions a measurable quantity: ${quoteList(stats)}`);

  // Opinions
  const opinions = matches(OPINION_RE, text);
  if (opinions.length > 0) add('opinion', W.opinionPhrase, `expresses an opinion: ${quoteList(opinions)}`);
  const modals = uniq(words.filter((w) => MODAL_OPINION_WORDS.has(w)));
  if (modals.length > 0 && opinions.length === 0) {
    add('opinion_modal', W.modalOpinion, `says what ought to happen: ${quoteList(modals)}`);
  }
  const evaluative = uniq(terms.filter((t) => EVALUATIVE_WORDS.has(t.normal) && !has(t, 'ProperNoun') && !has(t, 'Organization')).map((t) => t.normal));
  if (evaluative.length > 0) {
    add('evaluative', W.evaluative * Math.min(evaluative.length, 2), `uses evaluative language: ${quoteList(evaluative)}`);
  }

  // Predictions
  const predictions = [...matches(PREDICTION_RE, text), ...(MAY_MODAL_RE.test(text) ? ['may'] : [])];
  MAY_MODAL_RE.lastIndex = 0;
  const strong = predictions.filter((p) => !WEAK_PREDICTIONS.has(p));
  if (strong.length > 0) add('prediction', W.prediction, `predicts the future: ${quoteList(uniq(predictions))}`);
  else if (predictions.length > 0) add('speculation', W.weakPrediction, `speculates: ${quoteList(uniq(predictions))}`);

  // Captions
  const verbs = terms.filter((t) => has(t, 'Verb'));
  const finite = verbs.filter((t) => !has(t, 'Gerund') && t.normal.length > 0);
  if (CAPTION_PREFIX.test(text)) {
    add('caption', W.captionPrefix, `starts like an image caption: "${(CAPTION_PREFIX.exec(text)?.[0] ?? '').trim()}"`);
  } else {
    const markers = matches(CAPTION_MARKER_RE, text);
    if (markers.length > 0) add('caption', W.captionMarker, `reads like an image caption: ${quoteList(markers)}`);
    else if ((finite.length === 0 || participleClause(terms)) && words.length >= 3) {
      const participles = verbs.map((t) => t.normal);
      add(
        'fragment',
        W.fragment,
        participles.length > 0 ? `has no finite verb, only ${quoteList(participles)} (a caption-like fragment)` : 'has no verb (a caption-like fragment)',
      );
    } else {
      const captionVerbs = finite.filter((t) => has(t, 'PresentTense') && !has(t, 'Infinitive') && CAPTION_VERBS.has(t.normal)).map((t) => t.normal);
      if (captionVerbs.length > 0 && values.length === 0) {
        add('caption', W.captionVerb, `describes a scene in the present tense like a caption: ${quoteList(captionVerbs)}`);
      }
    }
  }

  // Attributions and denials without content
  const attributions = uniq(words.filter((w) => ATTRIBUTION_WORDS.has(w)));
  if (lower.includes('according to')) attributions.push('according to');
  const denials = uniq(words.filter((w) => DENIAL_WORDS.has(w)));
  const content = terms.filter(
    (t) =>
      (has(t, 'Noun') || has(t, 'Adjective') || has(t, 'Verb') || has(t, 'Value') || has(t, 'Adverb')) &&
      !has(t, 'Pronoun') &&
      !has(t, 'Person') &&
      !has(t, 'Organization') &&
      !has(t, 'Date') &&
      !has(t, 'Auxiliary') &&
      !has(t, 'Copula') &&
      !has(t, 'Determiner') &&
      !ATTRIBUTION_WORDS.has(t.normal) &&
      !DENIAL_WORDS.has(t.normal) &&
      !SPEECH_FILLER.has(t.normal) &&
      !STOP_WORDS.has(t.normal) &&
      t.normal !== 'according',
  );
  if ((attributions.length > 0 || denials.length > 0) && values.length === 0 && content.length <= 1) {
    const verbsFound = [...attributions, ...denials];
    add('pure_attribution', W.pureAttribution, `reports that someone spoke (${quoteList(verbsFound)}) without a checkable statement`);
  } else {
    if (denials.length > 0) add('denial', W.denial, `is a denial: ${quoteList(denials)}`);
    if (attributions.length > 0) add('attribution', W.attribution, `attributes a statement: ${quoteList(attributions)}`);
  }

  // A completed event (finite past-tense verb) with some content.
  const past = finite
    .filter((t) => has(t, 'PastTense') && !has(t, 'Copula') && !has(t, 'Auxiliary') && !ATTRIBUTION_WORDS.has(t.normal) && !DENIAL_WORDS.has(t.normal))
    .map((t) => t.normal);
  if (past.length > 0 && content.length >= 2) add('past_event', W.pastEvent, `reports a past event: ${quoteList(uniq(past))}`);

  return finish(reasons);
}

/**
 * "Volunteers sorting donated clothes ...": the first verb is a present participle with no auxiliary before it,
 * after a noun phrase (a sentence opening with a gerund, "Spending $2bn ...", is a gerund subject instead).
 */
function participleClause(terms: readonly TermJson[]): boolean {
  let first = terms.findIndex((t) => t.tags.includes('Verb'));
  // compromise sometimes tags a sentence-initial plural subject as a verb ("Volunteers/Verb sorting/Gerund").
  const misTaggedSubject = first === 0 && (terms[1]?.tags.includes('Gerund') ?? false);
  if (misTaggedSubject) first = 1;
  if (first <= 0) return false;
  const verb = terms[first] as TermJson;
  const before = terms.slice(0, first);
  return (
    verb.tags.includes('Gerund') &&
    (misTaggedSubject || before.some((t) => t.tags.includes('Noun'))) &&
    !before.some((t) => t.tags.includes('Auxiliary') || t.tags.includes('Copula'))
  );
}

function finish(reasons: CheckWorthinessReason[]): CheckWorthiness {
  const z = W.bias + reasons.reduce((sum, r) => sum + r.weight, 0);
  // Rounded for stable storage, but kept strictly inside (0, 1).
  const score = Math.min(0.9999, Math.max(0.0001, Number(logistic(z).toFixed(4))));
  // Strongest signals first.
  reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { score, reasons };
}
