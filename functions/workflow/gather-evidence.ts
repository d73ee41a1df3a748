import type { ProviderOutcome } from '../../shared/domain/evidence.ts';
import { gatherFromProvider } from '../../shared/domain/services/workflow-steps/evidence.ts';
import { gatherEvidenceStepContract } from '../../shared/contracts/step-gather-evidence.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

/**
 * The outcome goes back to the state machine, whose state payloads are limited (256 KB on Step Functions, for the
 * Map's outcomes of every provider together): at most 10 candidates, snippets of at most 500 characters.
 */
function fitForStatePayload(outcome: ProviderOutcome): ProviderOutcome {
  if (!outcome.ok) return outcome;
  return { ...outcome, candidates: outcome.candidates.slice(0, 10).map((c) => ({ ...c, ...(c.snippet ? { snippet: c.snippet.slice(0, 500) } : {}) })) };
}

/**
 * One provider for one claim. Per-attempt budget: EVIDENCE_PROVIDER_TIMEOUT_MS (8 s by default); with
 * three attempts and backoff, that fits the function's own timeout (40 s).
 */
export const handler = workflowHandler('gather-evidence', gatherEvidenceStepContract, async ({ claimId, provider, claim }, rt) =>
  fitForStatePayload(await gatherFromProvider(rt.services, claimId, provider, rt.env.EVIDENCE_PROVIDER_TIMEOUT_MS, claim)),
);
