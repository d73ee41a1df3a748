/**
 * The contract covers every message factflow sends or receives: the OpenAPI 3.1 `webhooks` section lists
 * each, with the Standard Webhooks headers and an example that its own schema accepts; the partner payload
 * the code builds passes the documented schema.
 */
import '@hono/zod-openapi';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { webhookExamples, webhookSchemas } from '../../functions/api/routes/webhooks.ts';
import { createRuntime } from '../../functions/commons/runtime.ts';
import { partnerEventData } from '../../shared/contracts/webhooks.ts';
import { notificationPayload } from '../../shared/domain/services/partners/notification-payload.ts';

const app = createApp(() => createRuntime({ TABLE_NAME: 'unused', AWS_REGION: 'us-east-1', MEDIAWIKI_BASE_URL: 'off' }));
const NAMES = ['review.requested', 'review.escalated', 'verdict.published', 'verdict.corrected', 'document.processed', 'review.decision'] as const;

interface WebhookOperation {
  post: { parameters: Array<{ name: string; in: string }>; requestBody: { content: { 'application/json': { schema: unknown; example: unknown } } } };
}

describe('the webhooks section of the OpenAPI document', () => {
  it('describes every webhook sent and the decision received, with Standard Webhooks headers and examples', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { webhooks: Record<string, WebhookOperation> };
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(Object.keys(doc.webhooks).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      const op = doc.webhooks[name]!.post;
      expect(
        op.parameters
          .filter((p) => p.in === 'header')
          .map((p) => p.name)
          .sort(),
        name,
      ).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
      expect(op.requestBody.content['application/json'].example, name).toEqual(webhookExamples[name]);
    }
  });

  it('has examples that the schemas the code uses accept', () => {
    for (const name of NAMES) expect(webhookSchemas[name].safeParse(webhookExamples[name]).success, name).toBe(true);
  });

  it('documents the partner payload exactly as the code builds it', () => {
    const payload = notificationPayload(
      {
        claimId: '01JD3Y5R6Q4M8X2V7N9B1C0KZT',
        version: 2,
        rating: { id: 'false', label: 'False', category: 'false', value: 1 },
        summary: 's',
        evidence: [],
        reviewers: ['r'],
        publishedAt: '2024-10-06T12:00:00.000Z',
        correctionNote: 'n',
        claim: { statement: 'x', claimant: { name: 'c' }, appearances: [], firstAppearance: { url: 'https://e.example', date: '2024-10-01' }, language: 'en' },
      },
      'verdict.corrected',
      'https://factflow.example',
    );
    expect(partnerEventData.strict().parse(payload)).toEqual(payload);
  });
});
