/** The API Lambda: the Hono app behind API Gateway (HTTP API, payload v2). */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { flushMetrics, traced } from '../commons/observability.ts';
import { ensureRuntime, runtime } from '../commons/runtime.ts';
import { createApp } from './app.ts';

/** API Gateway HTTP API sends payload format 2.0. */
type HttpApiEvent = Extract<LambdaEvent, { rawPath: string; requestContext: { http: { method: string } } }>;

export const app = createApp(runtime);
const serve = handle(app);

/** Loads the secrets once per cold start before the first request; then traces each request and publishes its metrics. */
export const handler = async (event: HttpApiEvent, context?: LambdaContext) => {
  await ensureRuntime();
  try {
    return await traced('api', { route: `${event.requestContext.http.method} ${event.rawPath}` }, () => serve(event, context));
  } finally {
    flushMetrics();
  }
};
