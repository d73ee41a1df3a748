/**
 * Logs, metrics and traces for every function, all three Powertools, applied by the Powertools middleware in
 * ./lambda-handler.ts: logs as JSON lines, metrics as CloudWatch Embedded Metric Format lines in the function's
 * log, traces to X-Ray.
 *
 * The tracer (with the X-Ray SDK under it) is loaded only when tracing is active: on Lambda, unless
 * POWERTOOLS_TRACE_ENABLED=false, the same rule Powertools' Tracer applies itself. Elsewhere (the local stack,
 * tests, the cold-start bench) nothing imports it; in a bundle it sits in a chunk of its own (infra/constructs/
 * bundling.ts) that a cold start without tracing never reads. Outside Lambda metrics are not recorded at all
 * (the local API serves requests without a per-invocation flush), so local logs stay readable.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';

export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'factflow';

export const logger = new Logger({ serviceName: 'factflow' });

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: 'factflow',
  // Most invocations record no business metric; that is normal, not worth a warning line on each of them.
  logger: {
    debug: console.debug,
    info: console.info,
    error: console.error,
    warn: (...content: unknown[]) => {
      if (!String(content[0]).startsWith('No application metrics to publish')) console.warn(...content);
    },
  },
});

/** The business events the dashboard and alarms watch, one name each. */
export type BusinessMetric = 'ClaimsSubmitted' | 'VerdictsPublished' | 'ReviewsExpired' | 'ReviewRequestsUndelivered';

const inLambda = (env: NodeJS.ProcessEnv = process.env) => Boolean(env.AWS_LAMBDA_FUNCTION_NAME);

export function countMetric(name: BusinessMetric, value = 1): void {
  if (inLambda()) metrics.addMetric(name, MetricUnit.Count, value);
}

/** Publishes what this invocation recorded, at its end; never warns about an invocation without any. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** Whether this process traces: on Lambda (which runs the X-Ray daemon), unless POWERTOOLS_TRACE_ENABLED=false. */
export function tracingActive(env: NodeJS.ProcessEnv = process.env): boolean {
  return inLambda(env) && env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false' && env.AWS_SAM_LOCAL !== 'true';
}

let tracer: Tracer | undefined;
let loadingTracer: Promise<Tracer | undefined> | undefined;

/** Loads and builds the tracer once, if tracing is active; resolves to undefined (and imports nothing) otherwise. */
export function loadTracer(): Promise<Tracer | undefined> {
  if (!tracingActive()) return Promise.resolve(undefined);
  loadingTracer ??= import('@aws-lambda-powertools/tracer').then(({ Tracer: PowertoolsTracer }) => {
    tracer = new PowertoolsTracer({ serviceName: 'factflow' });
    return tracer;
  });
  return loadingTracer;
}

/** The tracer if loadTracer() has loaded it (tracing active); undefined otherwise. */
export function activeTracer(): Tracer | undefined {
  return tracer;
}

/** Annotates the current trace segment (ids only: never payloads, which can carry task tokens); nothing when tracing is off. */
export function annotateTrace(annotations: Record<string, string | undefined>): void {
  if (!tracer) return;
  for (const [key, value] of Object.entries(annotations)) if (value !== undefined) tracer.putAnnotation(key, value);
}
