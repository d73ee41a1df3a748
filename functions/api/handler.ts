/** The API Lambda: the Hono app behind API Gateway (HTTP API, payload v2). */
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { instrumented } from '../commons/lambda-handler.ts';
import { annotateTrace } from '../commons/observability.ts';
import { ensureRuntime, runtime } from '../commons/runtime.ts';
import { createApp } from './app.ts';

/** API Gateway HTTP API sends payload format 2.0. */
type HttpApiEvent = Extract<LambdaEvent, { rawPath: string; requestContext: { http: { method: string } } }>;

export const app = createApp(runtime);
const serve = handle(app);

/** Loads the secrets once per cold start before the first request; the Powertools middleware logs, traces and publishes metrics. */
export const handler = instrumented(async (event: HttpApiEvent, context: LambdaContext) => {
  await ensureRuntime();
  annotateTrace({ route: `${event.requestContext.http.method} ${event.rawPath}` });
  return serve(event, context);
});
