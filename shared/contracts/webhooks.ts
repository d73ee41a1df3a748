/**
 * Every webhook factflow sends (review requests, escalations, partner events, document notifications)
 * as zod schemas: the code that builds each payload is typed by them, and the OpenAPI document's
 * `webhooks` section is generated from them (functions/api/routes/webhooks.ts). All are sent signed per
 * Standard Webhooks, as `{ type, timestamp, data }`.
 */
import { z } from 'zod';
import { claimantType } from './claim.ts';
import { documentStatus } from './document.ts';
import { partnerEvent } from './partner.ts';

const appearance = z.object({ url: z.string(), date: z.string() });
const claimant = z.object({
  name: z.string(),
  type: claimantType.optional(),
  role: z.string().optional(),
  affiliation: z.string().optional(),
});
const ratingOption = z.object({ id: z.string(), label: z.string() });
const respond = z.object({ url: z.string().describe('Where to POST the signed decision (`review.decision`)'), format: z.string() });

/** `data` of review.requested and review.escalated (a claim's review, or a correction's when `kind` is 'correction'). */
export const reviewRequestData = z.object({
  kind: z.literal('correction').optional().describe('Present when the review is of a proposed correction'),
  reviewId: z.string(),
  round: z.number().int(),
  deadline: z.string(),
  approvalsRequired: z.number().int(),
  changesRequested: z.string().optional(),
  correction: z
    .object({
      baseVersion: z.number().int(),
      rating: z.string(),
      summary: z.string(),
      note: z.string(),
      proposedBy: z.string(),
      currentVersion: z.number().int(),
      currentRating: z.string(),
      currentSummary: z.string(),
    })
    .optional(),
  claim: z.object({ id: z.string(), statement: z.string(), claimant, firstAppearance: appearance, priority: z.string().optional(), url: z.string() }),
  triage: z
    .object({
      language: z.string(),
      checkWorthiness: z.object({ score: z.number(), reasons: z.array(z.object({ code: z.string(), description: z.string(), weight: z.number() })) }),
    })
    .optional(),
  evidence: z
    .array(
      z.object({
        url: z.string(),
        canonicalUrl: z.string(),
        title: z.string(),
        snippet: z.string().optional(),
        publisher: z.string().optional(),
        publishedAt: z.string().optional(),
        sourceRating: z.string().optional(),
        provider: z.string(),
        retrievedAt: z.string(),
        relevance: z.number(),
      }),
    )
    .optional()
    .describe('The five most relevant evidence records'),
  related: z
    .array(
      z.object({
        kind: z.enum(['verdict', 'claim']).describe('A published (or imported) verdict, or an earlier claim without one'),
        claimId: z.string(),
        similarity: z.number().describe("The re-ranker's similarity to this claim, 0 to 1"),
        statement: z.string(),
        url: z.string(),
        verdict: z.object({ rating: ratingOption, summary: z.string(), publishedAt: z.string(), url: z.string() }).optional(),
      }),
    )
    .optional()
    .describe('Earlier verdicts and claims on the same subject that assert something else (triage found them related, not duplicates), best first'),
  ratingScale: z.array(ratingOption),
  respond,
});
export type ReviewRequestData = z.infer<typeof reviewRequestData>;

/** `data` of verdict.published and verdict.corrected, sent to subscribed partners. */
export const partnerEventData = z.object({
  event: partnerEvent,
  claimId: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  rating: z.object({ id: z.string(), label: z.string(), category: z.string(), value: z.number().optional() }),
  summary: z.string(),
  correctionNote: z.string().optional(),
  claimReviewed: z.string(),
  links: z.object({ verdict: z.string(), claimReview: z.string(), latest: z.string(), page: z.string() }),
});
export type PartnerEventData = z.infer<typeof partnerEventData>;

/** `data` of document.processed, sent to the configured document webhook. */
export const documentProcessedData = z.object({
  documentId: z.string(),
  status: documentStatus,
  candidates: z.number().int(),
  top: z.array(z.object({ segmentId: z.string(), statement: z.string(), score: z.number() })),
  link: z.string(),
});
export type DocumentProcessedData = z.infer<typeof documentProcessedData>;

/** The envelope every sent webhook has. */
export function webhookEnvelope<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ type: z.literal(type), timestamp: z.string(), data });
}
