/**
 * The header of a check-worthiness model file (the JSON between the magic and the weights; the layout is in
 * shared/domain/triage/check-worthiness-model.ts). The model files ship in the repository and are rebuilt by
 * `npm run train:triage`; the triage function parses each header with this schema when it loads the models, so
 * a file written by another version of the trainer is refused at load with the field that is wrong, instead of
 * scoring with a missing blend weight or an unknown mode.
 */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';

/**
 * The features a model reads. `word+char`: n-grams and cues (the per-language models); `char`: character n-grams
 * and cues (the multilingual model); `cues`: the cues and context only (a small English model blended with the
 * n-gram one: its few weights carry from debates to other sentences where a million n-gram weights do not).
 */
export const featureMode = z.enum(['word+char', 'char', 'cues']);
export type FeatureMode = z.infer<typeof featureMode>;

/** Where a text comes from, as the scorer sees it: a social-media post (links, handles, hashtags) or a sentence. */
export const textGenre = z.enum(['post', 'sentence']);
export type Genre = z.infer<typeof textGenre>;

/** How a cue model's score and its language's n-gram score combine, for one genre (chosen on dev splits). */
export const blendWeights = z.object({ ngram: z.number(), cues: z.number(), offset: z.number() });
export type BlendWeights = RecordOf<typeof blendWeights>;

export const checkWorthinessModelHeader = z.object({
  format: z.literal('factflow-check-worthiness/1'),
  /** ISO 639-1 code the model was trained for, or "multi" for the multilingual fallback. */
  language: z.string().min(2),
  /** `transcript`: a model over transcript-features.ts, read with the language's n-gram model (transcript.ts). */
  mode: z.union([featureMode, z.literal('transcript')]),
  /** The weights are 2^bits hashed buckets. */
  bits: z.number().int().min(1).max(28),
  scale: z.number().positive(),
  offset: z.number(),
  /** On a `cues` model: z = ngram * z(n-gram model) + cues * z(this model) + offset, for each genre. */
  blend: z.object({ post: blendWeights, sentence: blendWeights }).optional(),
  /**
   * On a transcript model: z = z(this model) + ngramShare * z(n-gram model) for the sentence, an ensemble with the
   * sentence model (its share chosen by cross-validation over the training debates). Absent: 0.
   */
  ngramShare: z.number().optional(),
  /** What it was trained on, the settings chosen on dev and the dev figures (free-form, shown in MODEL.md). */
  provenance: z.record(z.string(), z.unknown()),
});
export type CheckWorthinessModelHeader = RecordOf<typeof checkWorthinessModelHeader>;
