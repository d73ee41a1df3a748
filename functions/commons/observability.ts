/**
 * Metrics and traces for every function (the logger lives in runtime.ts). Both are Powertools:
 * metrics leave as CloudWatch Embedded Metric Format lines in the function's log, traces go to X-Ray.
 *
 * Outside Lambda (the local stack, tests) there is no CloudWatch and no X-Ray daemon: the tracer is
 * disabled by Powertools itself and metrics are not recorded at all (the local API serves requests
 * without a per-invocation flush), so local logs stay readable.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'factflow';

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'factflow' });
export const tracer = new Tracer({ serviceName: 'factflow' });

/** The business events the dashboard and alarms watch, one name each. */
export type BusinessMetric = 'ClaimsSubmitted' | 'VerdictsPublished' | 'ReviewsExpired' | 'ReviewRequestsUndelivered';

const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);

export function countMetric(name: BusinessMetric, value = 1): void {
  if (inLambda) metrics.addMetric(name, MetricUnit.Count, value);
}

/** Publishes what this invocation recorded, at its end; never warns about an invocation without any. */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * Runs one invocation inside its own X-Ray subsegment (`## name`), annotated with the cold start, the
 * service and the given annotations (ids only: never payloads, which can carry task tokens). A plain call
 * when tracing is off.
 */
export async function traced<R>(name: string, annotations: Record<string, string | undefined>, run: () => Promise<R>): Promise<R> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return run();
  const segment = parent.addNewSubsegment(`## ${name}`);
  tracer.setSegment(segment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  for (const [key, value] of Object.entries(annotations)) if (value !== undefined) tracer.putAnnotation(key, value);
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error) tracer.addErrorAsMetadata(err);
    throw err;
  } finally {
    segment.close();
    tracer.setSegment(parent);
  }
}
