/** Published verdicts as the API serves them, and their rating. */
import { z } from '@hono/zod-openapi';
import { appearanceSchema, claimantSchema, evidenceSchema } from './claims.ts';

export const ratingSchema = z.object({ id: z.string(), label: z.string(), category: z.string(), value: z.number().optional() }).openapi('Rating');

export const verdictSchema = z
  .object({
    claimId: z.string(),
    version: z.number().int(),
    rating: ratingSchema,
    summary: z.string(),
    evidence: z.array(evidenceSchema),
    reviewers: z.array(z.string()).openapi({ description: "The reviewers' public display names (never their principal ids)", example: ['Maria Keller'] }),
    publishedAt: z.string(),
    correctionNote: z.string().optional(),
    claim: z.object({
      statement: z.string(),
      claimant: claimantSchema,
      appearances: z.array(appearanceSchema),
      firstAppearance: appearanceSchema,
      language: z.string(),
    }),
    links: z.object({
      self: z.string(),
      claim: z.string(),
      page: z.string().openapi({ description: 'The public fact-check page (no key needed); ClaimReview `url` points here.' }),
    }),
  })
  .openapi('Verdict');
