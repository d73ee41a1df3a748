/**
 * The business metrics the alarms and the dashboard read leave a Lambda invocation as CloudWatch Embedded
 * Metric Format lines: namespace per stage, dimension service=factflow (infra/constructs/observability.ts
 * alarms on exactly that).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

beforeAll(() => {
  // As Lambda sets them for a function of the prod stage.
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'factflow-prod-ClosedClaim';
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'factflow/prod';
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Everything written to stdout while `run` runs, line by line. */
async function stdoutOf(run: () => Promise<void> | void): Promise<string[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  await run();
  write.mockRestore();
  return lines;
}

describe('business metrics in Lambda', () => {
  it('are published at the end of the invocation in the stage namespace with the service dimension', async () => {
    const { countMetric, flushMetrics } = await import('../../functions/commons/observability.ts');
    const lines = await stdoutOf(() => {
      countMetric('ReviewsExpired');
      countMetric('ReviewsExpired');
      flushMetrics();
    });
    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => '_aws' in l) as
      | {
          _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
          service: string;
          ReviewsExpired: number[];
        }
      | undefined;
    expect(emf?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'factflow/prod',
      Dimensions: [['service']],
      Metrics: [{ Name: 'ReviewsExpired', Unit: 'Count' }],
    });
    expect(emf?.service).toBe('factflow');
    // One value per event: the alarm's Sum over the period counts them.
    expect(emf?.ReviewsExpired).toEqual([1, 1]);
  });

  it('print nothing for an invocation that recorded none', async () => {
    const { flushMetrics } = await import('../../functions/commons/observability.ts');
    expect(await stdoutOf(() => flushMetrics())).toEqual([]);
  });
});
