/**
 * The shape every workflow Lambda shares: validate the state input with the step's contract
 * (shared/contracts/step-<function>.ts, gathered in workflow-steps.ts; its output type is the contract's too), run one domain step, log
 * what happened (never the raw event: callback steps carry task tokens), and let errors propagate with a
 * name the state machine's Retry and Catch can match. Logging context, metrics and tracing come from the
 * Powertools middleware (./lambda-handler.ts).
 */
import { exactOptional, type ExactOptional } from '../../shared/contracts/exact-optional.ts';
import type { StepInput, StepOutput, WorkflowStep, workflowSteps } from '../../shared/contracts/workflow-steps.ts';
import { instrumented } from './lambda-handler.ts';
import { annotateTrace, logger } from './observability.ts';
import { type CoreRuntime, ensureCoreRuntime } from './core-runtime.ts';

type Input<K extends WorkflowStep> = ExactOptional<StepInput<K>>;

/**
 * `contract`: the step's own contract module's (`triageStepContract` from shared/contracts/step-triage.ts, the
 * same object as `workflowSteps[step]`), imported by the function so that its bundle builds no other step's
 * schemas. `claimIdOf`: where the input names its claim, for the logs and the trace (`claimId` by default).
 */
export function workflowHandler<K extends WorkflowStep>(
  step: K,
  contract: (typeof workflowSteps)[K],
  run: (input: Input<K>, rt: CoreRuntime) => Promise<StepOutput<K>>,
  options: { claimIdOf?: (input: Input<K>) => string | undefined } = {},
) {
  const schema = contract.input;
  return instrumented(async (event: unknown): Promise<StepOutput<K>> => {
    // Interpreted, not compiled on this first parse: a Lambda process parses a handful of inputs (shared/config.ts).
    const parsed = schema.safeParse(event, { jitless: true });
    if (!parsed.success) {
      const err = new Error(`invalid ${step} input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      err.name = 'InvalidStepInput';
      throw err;
    }
    // The parsed value of this step's schema (TypeScript does not narrow the indexed schema by K).
    const input = exactOptional(parsed.data as StepInput<K>);
    const claimId = options.claimIdOf ? options.claimIdOf(input) : (input as { claimId?: string }).claimId;
    annotateTrace({ step, claimId });
    const started = Date.now();
    try {
      const result = await run(input, await ensureCoreRuntime());
      logger.info('workflow step completed', { step, claimId, durationMs: Date.now() - started });
      return result;
    } catch (err) {
      logger.error('workflow step failed', { step, claimId, error: err instanceof Error ? { name: err.name, message: err.message } : String(err) });
      throw err;
    }
  });
}
