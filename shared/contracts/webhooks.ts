/**
 * Every webhook factflow sends (review requests, escalations, partner events, document notifications)
 * as zod schemas: the code that builds each payload is typed by them, and the OpenAPI document's
 * `webhooks` section is generated from them (functions/api/routes/webhooks.ts). All are sent signed per
 * Standard Webhooks, as `{ type, timestamp, data }`.
 */
import * as z from 'zod';
import { claimRecord } from './claim-record.ts';
import { documentStatus } from './document.ts';
import { evidenceRecord } from './evidence.ts';
import { partnerEvent } from './partner.ts';
import { correctionProposal } from './review.ts';
import { checkWorthiness, detectedLanguage, duplicateKind, duplicateMatch } from './triage.ts';
import { ratingLabel } from './rating.ts';
import { verdictRecord } from './verdict.ts';

// Payloads are built from the records (shared/contracts/*): a field a webhook shares with a record is the
// record's schema, picked or extended, never written out again.
const ratingOption = ratingLabel.pick({ id: true, label: true });
const respond = z.object({ url: z.string().describe('Where to POST the signed decision (`review.decision`)'), format: z.string() });

/** `data` of review.requested and review.escalated (a claim's review, or a correction's when `kind` is 'correction'). */
export const reviewRequestData = z.object({
  kind: z.literal('correction').optional().describe('Present when the review is of a proposed correction'),
  reviewId: z.string(),
  round: z.number().int(),
  deadline: z.string(),
  approvalsRequired: z.number().int(),
  changesRequested: z.string().optional(),
  correction: correctionProposal
    .extend({ currentVersion: verdictRecord.shape.version, currentRating: correctionProposal.shape.rating, currentSummary: verdictRecord.shape.summary })
    .optional(),
  claim: claimRecord
    .pick({ id: true, statement: true, claimant: true, firstAppearance: true })
    .extend({ priority: claimRecord.shape.priority.optional(), url: z.string() }),
  triage: z.object({ language: detectedLanguage.shape.code, checkWorthiness }).optional(),
  evidence: z.array(evidenceRecord).optional().describe('The five most relevant evidence records'),
  related: z
    .array(
      duplicateMatch.extend({
        kind: duplicateKind.describe('A published (or imported) verdict, or an earlier claim without one'),
        similarity: duplicateMatch.shape.similarity.describe("The re-ranker's similarity to this claim, 0 to 1"),
        statement: z.string(),
        url: z.string(),
        verdict: z
          .object({ rating: ratingOption, summary: verdictRecord.shape.summary, publishedAt: verdictRecord.shape.publishedAt, url: z.string() })
          .optional(),
      }),
    )
    .optional()
    .describe('Earlier verdicts and claims on the same subject that assert something else (triage found them related, not duplicates), best first'),
  ratingScale: z.array(ratingOption),
  respond,
});
export type ReviewRequestData = z.infer<typeof reviewRequestData>;

/** `data` of verdict.published and verdict.corrected, sent to subscribed partners. */
const { claimId, version, publishedAt, rating, summary, correctionNote } = verdictRecord.shape;
export const partnerEventData = z.object({
  event: partnerEvent,
  claimId,
  version,
  publishedAt,
  rating,
  summary,
  correctionNote,
  claimReviewed: verdictRecord.shape.claim.shape.statement,
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
