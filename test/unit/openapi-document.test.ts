import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { createRuntime } from '../../functions/commons/runtime.ts';

// Serving the document and the docs page touches no database: a runtime with a table name is enough.
const app = createApp(() => createRuntime({ TABLE_NAME: 'unused', AWS_REGION: 'us-east-1', MEDIAWIKI_BASE_URL: 'off' }));

describe('the API description', () => {
  it('is a valid OpenAPI 3.1 document generated from the zod schemas', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/claims', '/claims/{id}', '/claims/{id}/verdict', '/webhooks/review-decisions']));
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['ApiKey', 'StandardWebhooks']));
  });

  it('has a human-readable docs page pointing at the document', async () => {
    const res = await app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('/openapi.json');
  });

  it('answers unknown routes with a problem document', async () => {
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: '/problems/not-found', status: 404 });
  });
});
