/**
 * The Hono application: the same object serves Lambda (functions/api/handler.ts) and the local stack
 * (@hono/node-server).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { DomainError } from '../../shared/domain/errors.ts';
import { logger, type Runtime } from '../commons/runtime.ts';
import { fieldErrors, problem, type ProblemType } from './problem.ts';
import { embeddableJsonAnswers } from './representation/embeddable-json.ts';
import { adminRoutes } from './routes/admin.ts';
import { reviewAdminRoutes } from './routes/review-admin.ts';
import { claimRoutes } from './routes/claims.ts';
import { correctionRoutes } from './routes/corrections.ts';
import { documentRoutes } from './routes/documents.ts';
import { docsRoutes } from './routes/docs.ts';
import { partnerRoutes } from './routes/partners.ts';
import { publicPageRoutes } from './routes/public-pages.ts';
import { reviewDecisionRoutes } from './routes/review-decisions.ts';
import { reviewerIntegrationRoutes } from './routes/reviewer-integrations.ts';
import { verdictRoutes } from './routes/verdicts.ts';
import { verdictSearchRoutes } from './routes/verdict-search.ts';
import { archiveImportRoutes, IMPORT_MAX_BODY_BYTES, IMPORT_PATH } from './routes/archive-import.ts';
import { registerWebhooks } from './routes/webhooks.ts';
import type { ApiEnv } from './security.ts';

const domainProblems: Record<DomainError['kind'], ProblemType> = {
  not_found: 'not-found',
  conflict: 'conflict',
  gone: 'gone',
  forbidden: 'forbidden',
  invalid: 'validation-failed',
  idempotency_mismatch: 'idempotency-key-reused',
  unavailable: 'unavailable',
};

/** Errors from AWS that mean "try again shortly", answered 503 + Retry-After rather than 500. */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/** The document's head; `npm run client` (tools/openapi-client/generate.ts) describes the app with the same one. */
export function apiDescription(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'factflow',
      version: '0.1.0',
      description:
        'Fact-check workflow API: submit claims, follow them through triage, source gathering and reviewer sign-off, and read published verdicts. Errors are RFC 9457 problem details.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: serverUrl }],
  };
}

export function createApp(getRuntime: () => Runtime) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const errors = fieldErrors(result.error.issues, result.target === 'json' ? '' : `${result.target}:`);
      return problem(c, 'validation-failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    },
  });

  // Every JSON answer is escaped for embedding (`<`, `>`, `&`, U+2028, U+2029), whichever route wrote it.
  app.use('*', embeddableJsonAnswers);
  // One strict Content-Security-Policy: this origin only, no inline or eval'd script. A route that needs
  // another (the embeddable card may be framed) sets its own, which this leaves alone (`overwrite: false`).
  app.use(
    '*',
    secureHeaders({
      overwrite: false,
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The publisher's logo may live on the publisher's own site.
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use('*', async (c, next) => {
    c.set('runtime', getRuntime());
    await next();
  });
  app.use('*', async (c, next) => {
    const method = c.req.method;
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type)) {
        return problem(c, 'unsupported-media-type', 'send the body as application/json', { headers: { accept: 'application/json' } });
      }
      // A document (an article, a transcript) is the one body allowed to be large.
      const env = c.get('runtime').env;
      const maxSize = c.req.path === '/documents' ? env.DOCUMENT_MAX_BODY_BYTES : c.req.path === IMPORT_PATH ? IMPORT_MAX_BODY_BYTES : env.MAX_BODY_BYTES;
      return bodyLimit({
        maxSize,
        onError: (cc) => problem(cc, 'payload-too-large', `request bodies are limited to ${maxSize} bytes`),
      })(c, next);
    }
    await next();
  });

  app.route('/', claimRoutes);
  app.route('/', adminRoutes);
  app.route('/', reviewAdminRoutes);
  app.route('/', verdictRoutes);
  app.route('/', verdictSearchRoutes);
  app.route('/', archiveImportRoutes);
  app.route('/', reviewDecisionRoutes);
  app.route('/', reviewerIntegrationRoutes);
  app.route('/', correctionRoutes);
  app.route('/', partnerRoutes);
  app.route('/', documentRoutes);
  app.route('/', publicPageRoutes);

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key issued to a principal (fact-checker, reviewer, partner or admin): `Authorization: Bearer ff_...`',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'StandardWebhooks', {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description: 'Standard Webhooks signature (with webhook-id and webhook-timestamp headers) made with the review decision secret.',
  });
  registerWebhooks(app);
  app.doc31('/openapi.json', (c) => apiDescription(c.get('runtime').services.settings.publicBaseUrl));
  app.route('/', docsRoutes);

  app.notFound((c) => problem(c, 'not-found', 'no such route'));
  app.onError((err, c) => {
    if (err instanceof DomainError) {
      const type = domainProblems[err.kind];
      const field = typeof err.detail?.field === 'string' ? err.detail.field : undefined;
      const errors = type === 'validation-failed' && field ? [{ field, rule: String(err.detail?.rule ?? 'invalid'), message: err.message }] : undefined;
      return problem(c, type, err.message, { ...(errors ? { errors } : {}), ...(type === 'unavailable' ? { headers: { 'retry-after': '1' } } : {}) });
    }
    if (err instanceof HTTPException) {
      if (err.status === 400) return problem(c, 'malformed-request', 'the request body is not valid JSON');
      if (err.status === 413) return problem(c, 'payload-too-large');
      return problem(c, 'malformed-request', err.message);
    }
    const name = err instanceof Error ? err.name : '';
    const code = (err as { code?: string }).code ?? '';
    // An AWS service's own fault (HTTP 5xx, `$fault: 'server'`, e.g. Step Functions' InternalFailure) is as
    // transient as throttling: the SDK has already retried it, and the client should retry later.
    const serverFault = (err as { $fault?: unknown }).$fault === 'server';
    if (TRANSIENT.has(name) || TRANSIENT.has(code) || (err as { $retryable?: unknown }).$retryable || serverFault) {
      logger.warn('transient dependency failure', { error: { name, message: err.message } });
      return problem(c, 'unavailable', 'a dependency is briefly unavailable; retry', { headers: { 'retry-after': '2' } });
    }
    logger.error('unhandled error', { error: { name, message: err.message, stack: err.stack } });
    return problem(c, 'internal', 'something went wrong on our side; it has been logged');
  });
  return app;
}

export type FactflowApp = ReturnType<typeof createApp>;
