/** Verdict contracts. */
import { z } from 'zod';

/** The category every label of a rating scale maps to (ClaimReview needs it to know ordinal labels). */
export const ratingCategory = z.enum(['false', 'mostly_false', 'mixed', 'mostly_true', 'true', 'unproven', 'misleading', 'other']);
export type RatingCategory = z.infer<typeof ratingCategory>;
