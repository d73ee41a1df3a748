/**
 * Check-worthiness of every sentence of a transcript (debates, interviews, hearings: turns with speakers), read with
 * its speaker and neighbours by the language's transcript model (`<lang>-transcript.bin`, trained on the CheckThat!
 * debates by test/training/train-transcript.ts). Its features (transcript-features.ts) include the n-gram model's
 * log-odds for the sentence and its neighbours, so the score still rests on the words; the reasons are the
 * contributions of the n-gram features (scaled by the transcript model's weight on them) and of the transcript
 * features (a speaker who mostly asks questions, the sentence before, the place in the turn).
 *
 * The transcript model may carry `ngramShare`: the sentence model's own log-odds added with that share (an ensemble).
 *
 * Without a transcript model for the language, or without any speaker, each sentence is scored alone with its
 * neighbours as context (scoreCheckWorthiness), as a single claim is. Pure: the models are installed by the adapter.
 */
import { hashFeature } from './check-worthiness-features.ts';
import type { CheckWorthinessModel } from './check-worthiness-model.ts';
import { addTerms, finish, modelFor, scoreCheckWorthiness, type Terms, terms, transcriptModelFor } from './check-worthiness.ts';
import { transcriptFeatures, type TranscriptSentence } from './transcript-features.ts';
import type { CheckWorthiness } from './types.ts';

export type { TranscriptSentence } from './transcript-features.ts';

/** Each sentence scored alone, its speaker and neighbours as context (no transcript model, or no speakers). */
function sentenceBySentence(items: readonly TranscriptSentence[], language: string): CheckWorthiness[] {
  return items.map((s, i) => {
    const previous = items[i - 1]?.text;
    const next = items[i + 1]?.text;
    return scoreCheckWorthiness(s.text, language, {
      ...(s.speaker !== undefined ? { speaker: s.speaker } : {}),
      ...(previous !== undefined ? { previous } : {}),
      ...(next !== undefined ? { next } : {}),
    });
  });
}

/** Score a transcript with explicit models (the evaluation and training use this; the product calls scoreTranscript). */
export function scoreTranscriptWith(
  ngram: CheckWorthinessModel,
  transcript: CheckWorthinessModel,
  items: readonly TranscriptSentence[],
  language: string,
): CheckWorthiness[] {
  const own: Terms[] = items.map((s) => {
    const acc: Terms = { z: 0, char: 0, contributions: [] };
    terms(ngram, s.text, language, undefined, 1, acc);
    return acc;
  });
  const features = transcriptFeatures(
    items,
    language,
    own.map((t) => t.z),
  );
  return items.map((_, i) => {
    const base = own[i]!;
    const fs = features[i]!;
    const self = fs.find((f) => f.name === 't:self');
    const acc: Terms = { z: transcript.offset, char: 0, contributions: [] };
    addTerms(
      transcript,
      fs.filter((f) => f !== self),
      1,
      acc,
    );
    if (self !== undefined) {
      // The n-gram log-odds enter as one numeric feature: spread its contribution over the n-gram features behind it.
      // With the ensemble share, the n-gram model's own log-odds are added on top (ngramShare in the header).
      const c = (transcript.weights[hashFeature('t:self', transcript.bits)] ?? 0) * transcript.scale * self.value + (transcript.ngramShare ?? 0) * base.z;
      const factor = Math.abs(base.z) < 1e-9 ? 0 : c / base.z;
      acc.z += c;
      acc.char += base.char * factor;
      for (const { f, c: share } of base.contributions) acc.contributions.push({ f, c: share * factor });
    }
    return finish(acc, ngram, language);
  });
}

/**
 * How worth checking each sentence of a transcript is, in reading order. `items` are the transcript's sentences with
 * their speakers; with none, or no transcript model for `language`, each is scored alone with its neighbours.
 */
export function scoreTranscript(items: readonly TranscriptSentence[], language: string): CheckWorthiness[] {
  const transcript = transcriptModelFor(language);
  const hasSpeakers = items.some((s) => s.speaker !== undefined && s.speaker.trim() !== '');
  if (transcript === undefined || !hasSpeakers) return sentenceBySentence(items, language);
  return scoreTranscriptWith(modelFor(language), transcript, items, language);
}
