/**
 * Rating labels and scales: a module of their own because every function's configuration parses the rating
 * scale (shared/config.ts), and importing them from verdict.ts would build every verdict and claim record too.
 */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';

/** The category every label of a rating scale maps to (ClaimReview needs it to know ordinal labels). */
export const ratingCategory = z.enum(['false', 'mostly_false', 'mixed', 'mostly_true', 'true', 'unproven', 'misleading', 'other']);
export type RatingCategory = z.infer<typeof ratingCategory>;

export const ratingLabel = z.object({
  /** Stable identifier used in decisions, e.g. "mostly-false". */
  id: z.string(),
  /** Display label, e.g. "Mostly false" (ClaimReview alternateName). */
  label: z.string(),
  category: ratingCategory,
  /** Position on the ordinal scale (1 = worst); absent for non-ordinal labels. */
  value: z.number().optional(),
});
export type RatingLabel = RecordOf<typeof ratingLabel>;

/** A rating scale (shared/config.ts adds the rules an operator's `RATING_SCALE` must keep). */
export const ratingScale = z.object({ name: z.string(), labels: z.array(ratingLabel) });
export type RatingScale = RecordOf<typeof ratingScale>;
