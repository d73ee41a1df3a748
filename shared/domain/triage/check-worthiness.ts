/**
 * Check-worthiness: a logistic regression over hashed word and character n-grams plus learned cues (real
 * quantities, comparisons, attributions, the speaker's role), trained on the public CLEF CheckThat! train splits
 * by test/training/train-triage.ts. One model per language it was trained for (en, es, ar, bg, tr) and a multilingual
 * character n-gram model for every other language and for "und".
 *
 * The reasons are the model's own: the features that contributed most to this score, positive or negative.
 *
 * Pure: the models are installed once per process by the adapter that reads the files
 * (shared/adapters/check-worthiness-model.ts); this module never does I/O.
 */
import { extractFeatures, type Feature, genreOf, hashFeature, type ScoringContext } from './check-worthiness-features.ts';
import type { CheckWorthinessModel } from './check-worthiness-model.ts';
import type { CheckWorthiness, CheckWorthinessReason } from './types.ts';

export type { ScoringContext as CheckWorthinessContext } from './check-worthiness-features.ts';

export interface CheckWorthinessModels {
  /** Models trained on one language, keyed by ISO 639-1 code. */
  byLanguage: ReadonlyMap<string, CheckWorthinessModel>;
  /** The multilingual character n-gram model, used for every other language. */
  fallback: CheckWorthinessModel;
  /** Cue-only models (keyed by language) blended with that language's n-gram model, when one was trained. */
  cues?: ReadonlyMap<string, CheckWorthinessModel>;
  /** Transcript models (keyed by language): a sentence read with its speaker and neighbours (transcript.ts). */
  transcripts?: ReadonlyMap<string, CheckWorthinessModel>;
}

let installed: CheckWorthinessModels | null = null;
let loader: (() => CheckWorthinessModels) | null = null;

/** Install the models (the adapter does this once per cold start). */
export function installCheckWorthinessModels(models: CheckWorthinessModels): void {
  installed = models;
}

/** Register how to load the models on first use (lazy, so a process that never scores never reads the file). */
export function setCheckWorthinessModelLoader(load: () => CheckWorthinessModels): void {
  loader = load;
}

function models(): CheckWorthinessModels {
  if (installed === null && loader !== null) installed = loader();
  if (installed === null) {
    throw new Error('No check-worthiness model installed: import shared/adapters/check-worthiness-model.ts in the composition root');
  }
  return installed;
}

/** The model used for `language`: its own when one was trained, else the multilingual fallback. */
export function modelFor(language: string): CheckWorthinessModel {
  const m = models();
  return m.byLanguage.get(language) ?? m.fallback;
}

const logistic = (z: number): number => 1 / (1 + Math.exp(-z));
const MAX_REASONS = 5;

function describe(f: Feature): { code: string; description: string } | null {
  const [ns, rest = ''] = [f.name.slice(0, f.name.indexOf(':')), f.name.slice(f.name.indexOf(':') + 1)];
  switch (ns) {
    case 'w':
      return { code: 'word', description: rest === '<num>' ? 'a number' : `word "${rest}"` };
    case 'b':
      return { code: 'phrase', description: `phrase "${rest.replace(/<num>/g, '#')}"` };
    case 't':
      return describeTranscript(rest, f.evidence);
    case 'ctx':
      if (rest.startsWith('role:')) return { code: 'speaker', description: `speaker is ${rest === 'role:speaker' ? 'a participant' : `a ${rest.slice(5)}`}` };
      return { code: 'context', description: 'answers a question' };
    case 'f': {
      const ev = f.evidence !== undefined ? ` "${f.evidence}"` : '';
      if (rest === 'quantity') return { code: 'quantity', description: `quantity${ev}` };
      if (rest === 'quantities') return { code: 'quantity', description: 'several quantities' };
      if (rest === 'percent') return { code: 'percentage', description: `percentage${ev}` };
      if (rest === 'money') return { code: 'money', description: `amount of money${ev}` };
      if (rest === 'scale') return { code: 'quantity', description: `quantity word${ev}` };
      if (rest === 'number_word') return { code: 'quantity', description: `number word${ev}` };
      if (rest === 'comparison') return { code: 'comparison', description: `comparison${ev}` };
      if (rest === 'attribution') return { code: 'attribution', description: `attribution${ev}` };
      if (rest === 'question') return { code: 'question', description: 'is a question' };
      if (rest === 'year') return { code: 'date', description: 'names a year' };
      if (rest === 'statistic') return { code: 'statistic_term', description: `measurable quantity${ev}` };
      if (rest === 'change') return { code: 'change', description: `change${ev}` };
      if (rest === 'opinion' || rest === 'modal' || rest === 'evaluative') return { code: 'opinion', description: `opinion${ev}` };
      if (rest === 'prediction' || rest === 'speculation') return { code: 'prediction', description: `prediction${ev}` };
      if (rest === 'denial') return { code: 'denial', description: `denial${ev}` };
      if (rest === 'caption') return { code: 'caption', description: `reads like a caption${ev}` };
      if (rest === 'first_person' || rest === 'second_person') return { code: 'person', description: `addresses people${ev}` };
      if (rest === 'thanks') return { code: 'formality', description: `courtesy or stage note${ev}` };
      if (rest === 'past') return { code: 'past_event', description: `past event${ev}` };
      if (rest === 'name') return { code: 'named_entity', description: `names${ev}` };
      return null;
    }
    default:
      return null;
  }
}

/** What a transcript feature (transcript-features.ts) says about the sentence, for the reasons. */
function describeTranscript(rest: string, evidence: string | undefined): { code: string; description: string } | null {
  if (rest === 'prev') return { code: 'context', description: 'the sentence before it' };
  if (rest === 'next') return { code: 'context', description: 'the sentence after it' };
  if (rest.startsWith('spk_questions:')) return { code: 'speaker', description: `its speaker asks questions (${evidence ?? '?'} of their sentences)` };
  if (rest.startsWith('spk_share:')) return { code: 'speaker', description: "its speaker's share of the transcript" };
  if (rest === 'spk_mean') return { code: 'speaker', description: "how its speaker's other sentences score" };
  if (rest === 'turn_first' || rest === 'turn_last' || rest.startsWith('turn_len:')) return { code: 'context', description: 'its place in the turn' };
  if (rest === 'opening') return { code: 'context', description: 'the opening of the transcript' };
  if (rest === 'before_question') return { code: 'context', description: 'a question follows it' };
  return null;
}

/** The transcript model for `language`, if one was trained. */
export function transcriptModelFor(language: string): CheckWorthinessModel | undefined {
  return models().transcripts?.get(language);
}

/** The cue model blended with `language`'s n-gram model, if one was trained. */
export function cuesFor(language: string): CheckWorthinessModel | undefined {
  return models().cues?.get(language);
}

/** A score under construction: log-odds, the character n-grams' share and each other feature's share. */
export interface Terms {
  z: number;
  char: number;
  contributions: { f: Feature; c: number }[];
}

/** The model's log-odds for `text`, times `factor`, with each feature's share (for the reasons). */
export function terms(model: CheckWorthinessModel, text: string, language: string, context: ScoringContext | undefined, factor: number, into: Terms): void {
  if (model.mode === 'transcript') throw new Error('a transcript model scores a whole transcript (transcript.ts)');
  into.z += model.offset * factor;
  addTerms(model, extractFeatures(text, language, model.mode, context), factor, into);
}

/** Add `features` under `model`'s weights, times `factor`, to `into`. */
export function addTerms(model: CheckWorthinessModel, features: readonly Feature[], factor: number, into: Terms): void {
  for (const f of features) {
    const c = (model.weights[hashFeature(f.name, model.bits)] ?? 0) * model.scale * f.value * factor;
    into.z += c;
    if (f.name.startsWith('c:')) into.char += c;
    // The bias and the length bucket act as a baseline, not as evidence in the text.
    else if (f.name !== 'f:bias' && !f.name.startsWith('f:len:')) {
      const same = into.contributions.find((x) => x.f.name === f.name);
      if (same !== undefined) same.c += c;
      else into.contributions.push({ f, c });
    }
  }
}

/**
 * Score with explicit models (the evaluation and tests use this; the product goes through scoreCheckWorthiness).
 * With a cue model, the two log-odds are blended with the weights the cue model carries for the text's genre.
 */
export function scoreWithModel(
  model: CheckWorthinessModel,
  text: string,
  language: string,
  context?: ScoringContext,
  cues?: CheckWorthinessModel,
): CheckWorthiness {
  const acc: Terms = { z: 0, char: 0, contributions: [] };
  const blend = cues?.blend?.[genreOf(text)];
  if (cues !== undefined && blend !== undefined) {
    terms(model, text, language, context, blend.ngram, acc);
    terms(cues, text, language, context, blend.cues, acc);
    acc.z += blend.offset;
  } else {
    terms(model, text, language, context, 1, acc);
  }
  return finish(acc, model, language);
}

/** The score and reasons of a finished sum (`model`: the n-gram model that read the text). */
export function finish(acc: Terms, model: CheckWorthinessModel, language: string): CheckWorthiness {
  const { z, char: charContribution, contributions } = acc;
  const reasons: CheckWorthinessReason[] = [];
  const ranked = contributions.sort((a, b) => Math.abs(b.c) - Math.abs(a.c));
  for (const { f, c } of ranked) {
    if (reasons.length >= MAX_REASONS - 1 || Math.abs(c) < 0.05) break;
    const d = describe(f);
    if (d !== null) reasons.push({ ...d, weight: Number(c.toFixed(3)) });
  }
  if (Math.abs(charContribution) >= 0.05) {
    reasons.push({ code: 'wording', description: 'overall wording (character patterns)', weight: Number(charContribution.toFixed(3)) });
  }
  reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  if (model.language === 'multi') {
    reasons.push({ code: 'model', description: `scored by the multilingual model (no model trained on "${language}")`, weight: 0 });
  }
  return { score: Number(logistic(z).toFixed(4)), reasons };
}

/**
 * How worth checking `text` is, 0..1, with the features that weighed most. `language` is an ISO 639-1 code or
 * "und"; `context` gives the speaker and the neighbouring sentences of a debate or transcript when known.
 */
export function scoreCheckWorthiness(text: string, language: string, context?: ScoringContext): CheckWorthiness {
  return scoreWithModel(modelFor(language), text, language, context, cuesFor(language));
}
