/** Reviewer decisions: the signed `review.decision` webhook reviewers send, and what the API answers. */
import { z } from '@hono/zod-openapi';
import { decisionKind, decisionResultKind } from '../../../shared/contracts/index.ts';
import { text } from './input-rules.ts';

/** `{ reviewId }` in the path of the routes that act on one review. */
export const reviewIdParam = z.object({
  reviewId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'reviewId', in: 'path' }, example: '01JD3Y5R6Q4M8X2V7N9B1C0KZX' }),
});

export const decisionWebhookSchema = z
  .strictObject({
    type: z.literal('review.decision'),
    timestamp: z.string().optional(),
    data: z.strictObject({
      reviewId: z.string().min(1).max(64),
      reviewerId: z.string().min(1).max(64),
      decision: decisionKind,
      rating: z.string().max(64).optional(),
      summary: text(1, 5000, { multiline: true }).optional(),
      reason: text(1, 5000, { multiline: true }).optional(),
      notes: text(1, 5000, { multiline: true }).optional(),
    }),
  })
  .openapi('ReviewDecisionWebhook');

export const decisionResultSchema = z
  .object({
    reviewId: z.string(),
    claimId: z.string(),
    result: decisionResultKind,
    approvals: z.number(),
    approvalsRequired: z.number(),
  })
  .openapi('ReviewDecisionResult');
