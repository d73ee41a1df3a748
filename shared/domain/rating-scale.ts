/**
 * Rating scales are data: an operator can replace the default with `RATING_SCALE` (JSON) without a code
 * change. Ordinal labels carry a value (worst = 1); non-ordinal labels (Unproven, Satire, ...) do not,
 * which is what ClaimReview's `ratingValue`/`bestRating`/`worstRating` need to know.
 */
import type { RatingLabel, RatingScale } from '../contracts/index.ts';

export type { RatingCategory, RatingLabel, RatingScale } from '../contracts/index.ts';

export const defaultRatingScale: RatingScale = {
  name: 'factflow-default',
  labels: [
    { id: 'false', label: 'False', category: 'false', value: 1 },
    { id: 'mostly-false', label: 'Mostly false', category: 'mostly_false', value: 2 },
    { id: 'mixed', label: 'Mixed', category: 'mixed', value: 3 },
    { id: 'mostly-true', label: 'Mostly true', category: 'mostly_true', value: 4 },
    { id: 'true', label: 'True', category: 'true', value: 5 },
    { id: 'unproven', label: 'Unproven', category: 'unproven' },
    { id: 'misleading', label: 'Misleading', category: 'misleading' },
    { id: 'missing-context', label: 'Missing context', category: 'misleading' },
    { id: 'satire', label: 'Satire', category: 'other' },
  ],
};

export function findRating(scale: RatingScale, id: string): RatingLabel | undefined {
  return scale.labels.find((l) => l.id === id);
}

/** The scale's rating ids, for an error that tells the sender what it may send. */
export function ratingIds(scale: RatingScale): string {
  return scale.labels.map((l) => l.id).join(', ');
}

/** Best and worst values of the ordinal part of the scale. */
export function ordinalBounds(scale: RatingScale): { best: number; worst: number } | null {
  const values = scale.labels.flatMap((l) => (l.value === undefined ? [] : [l.value]));
  if (values.length === 0) return null;
  return { best: Math.max(...values), worst: Math.min(...values) };
}
