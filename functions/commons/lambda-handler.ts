/**
 * Every function's entry goes through instrumented(): Powertools' own middleware on middy (the wrapper
 * Powertools documents) instead of a hand-written one —
 * - injectLambdaContext: each log line carries the request id, function name and cold start;
 * - logMetrics: what the invocation recorded is published at its end, even when it throws;
 * - captureLambdaHandler: the invocation is an X-Ray subsegment annotated with the cold start and the service,
 *   added only when tracing is active (observability.ts loads the tracer then and only then). Responses are not
 *   captured as trace metadata: they can carry task tokens and freshly issued API keys.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { loadTracer, logger, metrics } from './observability.ts';

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The local stack and the tests invoke handlers with a partial context (request id, function name, remaining
 * time) or none; Powertools reads only what is there.
 */
export type PartialContext = Partial<Context>;

/** E defaults to void: a scheduled function that reads no event can be called with none (as the tests do). */
export function instrumented<E = void, R = unknown>(handler: LambdaHandler<E, R>): (event: E, context?: PartialContext) => Promise<R> {
  const wrapped = middy(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
  let ready: Promise<typeof wrapped> | undefined;
  return async (event, context = {}) => {
    ready ??= loadTracer().then(async (tracer) => {
      if (tracer) {
        const { captureLambdaHandler } = await import('@aws-lambda-powertools/tracer/middleware');
        wrapped.use(captureLambdaHandler(tracer, { captureResponse: false }));
      }
      return wrapped;
    });
    // middy's context type is Lambda's full one; what Powertools reads of it is optional (see PartialContext).
    return (await ready)(event, context as Context);
  };
}
