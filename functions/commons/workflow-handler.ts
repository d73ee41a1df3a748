/**
 * The shape every workflow Lambda shares: validate the state input with zod, run one domain step, log
 * what happened (never the raw event: callback steps carry task tokens), and let errors propagate with a
 * name the state machine's Retry and Catch can match. Logging context, metrics and tracing come from the
 * Powertools middleware (./lambda-handler.ts).
 */
import type { z } from 'zod';
import { instrumented } from './lambda-handler.ts';
import { annotateTrace, logger } from './observability.ts';
import { ensureRuntime, type Runtime } from './runtime.ts';

export function workflowHandler<S extends z.ZodType, R>(step: string, schema: S, run: (input: z.infer<S>, rt: Runtime) => Promise<R>) {
  return instrumented(async (event: unknown): Promise<R> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      const err = new Error(`invalid ${step} input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      err.name = 'InvalidStepInput';
      throw err;
    }
    const input = parsed.data as z.infer<S>;
    const claimId = (input as { claimId?: string }).claimId;
    annotateTrace({ step, claimId });
    const started = Date.now();
    try {
      const result = await run(input, await ensureRuntime());
      logger.info('workflow step completed', { step, claimId, durationMs: Date.now() - started });
      return result;
    } catch (err) {
      logger.error('workflow step failed', { step, claimId, error: err instanceof Error ? { name: err.name, message: err.message } : String(err) });
      throw err;
    }
  });
}
