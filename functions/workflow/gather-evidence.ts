import { gatherFromProvider } from '../../shared/domain/services/workflow-steps/evidence.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

/**
 * One provider for one claim. Per-attempt budget: EVIDENCE_PROVIDER_TIMEOUT_MS (8 s by default); with
 * three attempts and backoff, that fits the function's own timeout (40 s).
 */
export const handler = workflowHandler('gather-evidence', ({ claimId, provider }, rt) =>
  gatherFromProvider(rt.services, claimId, provider, rt.env.EVIDENCE_PROVIDER_TIMEOUT_MS),
);
