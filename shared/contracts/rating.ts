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

/** A rating scale (`operatorRatingScale` adds the rules an operator's `RATING_SCALE` must keep). */
export const ratingScale = z.object({ name: z.string(), labels: z.array(ratingLabel) });
export type RatingScale = RecordOf<typeof ratingScale>;

/**
 * An operator's `RATING_SCALE`: the contract's scale, with at least one label, named labels, distinct ids of
 * lower-case letters, digits and hyphens, and positive whole ordinal values. Rules on the scale's own fields
 * (a refinement, not a second definition of the label's shape).
 */
export const operatorRatingScale = ratingScale.superRefine((scale, ctx) => {
  const problem = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (scale.labels.length === 0) problem(['labels'], 'a scale needs at least one label');
  const ids = new Set<string>();
  for (const [i, label] of scale.labels.entries()) {
    if (!/^[a-z0-9-]+$/.test(label.id)) problem(['labels', i, 'id'], 'lower-case letters, digits and hyphens');
    else if (ids.has(label.id)) problem(['labels', i, 'id'], `"${label.id}" is taken by an earlier label: each label needs an id of its own`);
    ids.add(label.id);
    if (label.label.trim() === '') problem(['labels', i, 'label'], 'a label needs a name');
    if (label.value !== undefined && !(Number.isInteger(label.value) && label.value > 0)) problem(['labels', i, 'value'], 'a positive whole number');
  }
});
