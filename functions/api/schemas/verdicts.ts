/** Published verdicts as the API serves them, and their rating: the contract's records with OpenAPI metadata. */
import { z } from '@hono/zod-openapi';
import { ratingLabel, verdictRecord } from '../../../shared/contracts/index.ts';
import { appearanceSchema, claimantSchema, evidenceSchema } from './claims.ts';

export const ratingSchema = ratingLabel.meta({ id: 'Rating' });

export const verdictSchema = verdictRecord
  .extend({
    rating: ratingSchema,
    evidence: z.array(evidenceSchema),
    reviewers: verdictRecord.shape.reviewers.meta({
      description: "The reviewers' public display names (never their principal ids)",
      example: ['Maria Keller'],
    }),
    // The submission's schemas for claimant and appearances, so one `Claimant` component serves every record.
    source: verdictRecord.shape.source.meta({
      description:
        'An imported verdict only: the outlet that published the fact-check and its article (its ClaimReview names that outlet as author, not this desk)',
      example: { publisher: 'PolitiFact', url: 'https://www.politifact.com/factchecks/2020/jan/01/example/' },
    }),
    claim: verdictRecord.shape.claim.extend({ claimant: claimantSchema, appearances: z.array(appearanceSchema), firstAppearance: appearanceSchema }),
    links: z.object({
      self: z.string(),
      claim: z.string(),
      page: z.string().openapi({ description: 'The public fact-check page (no key needed); ClaimReview `url` points here.' }),
    }),
  })
  .meta({ id: 'Verdict' });
