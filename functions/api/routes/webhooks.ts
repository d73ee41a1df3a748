/**
 * The OpenAPI 3.1 `webhooks` section: every message factflow sends, generated from the zod schemas the
 * sending code is typed by (shared/contracts/webhooks.ts), with examples and the Standard Webhooks headers.
 * The decision webhook factflow receives is a path (`POST /webhooks/review-decisions`, from the schema the
 * route validates with) and is listed here too, so a reviewer tool's author finds both directions together.
 */
import { z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { documentProcessedData, partnerEventData, reviewRequestData, webhookEnvelope } from '../../../shared/contracts/webhooks.ts';
import { decisionWebhookSchema } from '../schemas.ts';
import type { ApiEnv } from '../security.ts';

/** The Standard Webhooks headers every message carries (HMAC-SHA256 over `id.timestamp.body`, `whsec_` secret). */
export const standardWebhookHeaders = z.object({
  'webhook-id': z
    .string()
    .openapi({ description: 'Unique message id: the receiver’s idempotency key (retries reuse it)', example: 'msg_01JD3Y5R6Q4M8X2V7N9B1C0KZT_req' }),
  'webhook-timestamp': z.string().openapi({ description: 'Unix seconds when signed; reject if more than 5 minutes away from now', example: '1732630000' }),
  'webhook-signature': z
    .string()
    .openapi({ description: 'Space-separated `v1,<base64 HMAC-SHA256>` signatures', example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=' }),
});

const claimExample = {
  id: '01JD3Y5R6Q4M8X2V7N9B1C0KZT',
  statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.',
  claimant: { name: 'Ukrainian military intelligence (HUR)', type: 'organization' as const },
  firstAppearance: { url: 'https://example-tabloid.co.uk/news/troops', date: '2024-10-04' },
  priority: 'high',
  url: 'https://factflow.example/claims/01JD3Y5R6Q4M8X2V7N9B1C0KZT',
};
const reviewRequestExample = {
  type: 'review.requested' as const,
  timestamp: '2024-10-05T09:00:00.000Z',
  data: {
    reviewId: '01JD3Z0A1B2C3D4E5F6G7H8J9K',
    round: 1,
    deadline: '2024-10-07T09:00:00.000Z',
    approvalsRequired: 2,
    claim: claimExample,
    triage: { language: 'en', checkWorthiness: { score: 0.82, reasons: [{ code: 'quantity', description: 'contains the quantity "3,000"', weight: 0.3 }] } },
    evidence: [],
    ratingScale: [
      { id: 'false', label: 'False' },
      { id: 'unproven', label: 'Unproven' },
    ],
    respond: { url: 'https://factflow.example/webhooks/review-decisions', format: 'Standard Webhooks-signed POST of a review.decision' },
  },
};
const partnerExample = {
  type: 'verdict.published' as const,
  timestamp: '2024-10-06T12:00:00.000Z',
  data: {
    event: 'verdict.published' as const,
    claimId: claimExample.id,
    version: 1,
    publishedAt: '2024-10-06T12:00:00.000Z',
    rating: { id: 'unproven', label: 'Unproven', category: 'unproven' },
    summary: 'Only one intelligence service makes the claim; no independent source confirms the number.',
    claimReviewed: claimExample.statement,
    links: {
      verdict: `https://factflow.example/claims/${claimExample.id}/verdict/versions/1`,
      claimReview: `https://factflow.example/claims/${claimExample.id}/verdict/versions/1?format=claimreview`,
      latest: `https://factflow.example/claims/${claimExample.id}/verdict`,
      page: `https://factflow.example/fact-checks/${claimExample.id}`,
    },
  },
};
const documentExample = {
  type: 'document.processed' as const,
  timestamp: '2024-10-05T08:00:00.000Z',
  data: {
    documentId: '01JD3Y0000000000000000DOC1',
    status: 'processed' as const,
    candidates: 4,
    top: [{ segmentId: 's3', statement: claimExample.statement, score: 0.82 }],
    link: 'https://factflow.example/documents/01JD3Y0000000000000000DOC1',
  },
};
const decisionExample = {
  type: 'review.decision' as const,
  data: {
    reviewId: reviewRequestExample.data.reviewId,
    reviewerId: 'maria-keller',
    decision: 'approve' as const,
    rating: 'unproven',
    summary: 'No independent source confirms the number.',
  },
};

/** The examples, exported so the contract test can check each against its schema. */
export const webhookExamples = {
  'review.requested': reviewRequestExample,
  'review.escalated': { ...reviewRequestExample, type: 'review.escalated' as const },
  'verdict.published': partnerExample,
  'verdict.corrected': {
    ...partnerExample,
    type: 'verdict.corrected' as const,
    data: { ...partnerExample.data, event: 'verdict.corrected' as const, version: 2, correctionNote: 'A second source now denies the figure.' },
  },
  'document.processed': documentExample,
  'review.decision': decisionExample,
};

export const webhookSchemas = {
  'review.requested': webhookEnvelope('review.requested', reviewRequestData),
  'review.escalated': webhookEnvelope('review.escalated', reviewRequestData),
  'verdict.published': webhookEnvelope('verdict.published', partnerEventData),
  'verdict.corrected': webhookEnvelope('verdict.corrected', partnerEventData),
  'document.processed': webhookEnvelope('document.processed', documentProcessedData),
  'review.decision': decisionWebhookSchema,
};

const descriptions: Record<keyof typeof webhookSchemas, string> = {
  'review.requested':
    'Sent to the reviewer endpoint (REVIEWER_WEBHOOK_URL, signed with REVIEW_REQUEST_SECRET) when a claim, or a proposed correction (`kind: correction`), awaits sign-off. Answer 2xx; decide later with `review.decision`.',
  'review.escalated': 'Sent to the escalation endpoint (ESCALATION_WEBHOOK_URL, else the reviewer endpoint) when a review passes its first deadline undecided.',
  'verdict.published': "Sent to each partner subscription for `verdict.published`, signed with that subscription's secret; retried with backoff until 2xx.",
  'verdict.corrected': 'Sent to each partner subscription for `verdict.corrected` when a correction publishes a new version.',
  'document.processed': 'Sent to the document webhook when a long document has been processed after its 202 answer.',
  'review.decision':
    'Received, not sent: the decision a reviewer tool POSTs to `/webhooks/review-decisions`, signed with REVIEW_DECISION_SECRET (see that operation).',
};

export function registerWebhooks(app: OpenAPIHono<ApiEnv>): void {
  for (const name of Object.keys(webhookSchemas) as (keyof typeof webhookSchemas)[]) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: name,
      summary: name === 'review.decision' ? 'Reviewer decision (received by factflow)' : `${name} (sent by factflow)`,
      description: descriptions[name],
      tags: ['Webhooks'],
      request: {
        headers: standardWebhookHeaders,
        body: { required: true, content: { 'application/json': { schema: webhookSchemas[name], example: webhookExamples[name] } } },
      },
      responses: { 200: { description: 'Any 2xx acknowledges the message; anything else (or no answer in time) is retried.' } },
    });
  }
}
