/**
 * The business metrics the alarms and the dashboard read leave a Lambda invocation as CloudWatch Embedded
 * Metric Format lines: namespace per stage, dimension service=factflow (infra/constructs/observability.ts
 * alarms on exactly that).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

beforeAll(() => {
  // As Lambda sets them for a function of the prod stage (tracing off: no X-Ray daemon here).
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'factflow-prod-ClosedClaim';
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'factflow/prod';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
});

const context = { awsRequestId: 'metrics-test', functionName: 'factflow-prod-ClosedClaim' };

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
  it('are published at the end of the invocation (Powertools logMetrics) in the stage namespace with the service dimension', async () => {
    const { countMetric } = await import('../../functions/commons/observability.ts');
    const { instrumented } = await import('../../functions/commons/lambda-handler.ts');
    const handler = instrumented(async () => {
      countMetric('ReviewsExpired');
      countMetric('ReviewsExpired');
      return 'done';
    });
    const lines = await stdoutOf(async () => {
      await handler(undefined, context);
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

  it('are published when the invocation throws too', async () => {
    const { countMetric } = await import('../../functions/commons/observability.ts');
    const { instrumented } = await import('../../functions/commons/lambda-handler.ts');
    const handler = instrumented(async () => {
      countMetric('VerdictsPublished');
      throw new Error('after counting');
    });
    const lines = await stdoutOf(async () => {
      await expect(handler(undefined, context)).rejects.toThrow('after counting');
    });
    expect(lines.some((l) => l.includes('"VerdictsPublished"'))).toBe(true);
  });

  it('print nothing, not even a warning, for an invocation that recorded none', async () => {
    const { instrumented } = await import('../../functions/commons/lambda-handler.ts');
    const warn = vi.spyOn(console, 'warn');
    const handler = instrumented(async () => 'nothing counted');
    expect(await stdoutOf(async () => void (await handler(undefined, context)))).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('the tracer', () => {
  it('is not loaded when tracing is off (outside Lambda, or POWERTOOLS_TRACE_ENABLED=false)', async () => {
    const { activeTracer, tracingActive } = await import('../../functions/commons/observability.ts');
    const { instrumented } = await import('../../functions/commons/lambda-handler.ts');
    expect(tracingActive()).toBe(false);
    expect(tracingActive({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(false);
    expect(tracingActive({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe(true);
    await instrumented(async () => 'ok')(undefined, context);
    expect(activeTracer()).toBeUndefined();
  });
});
