import { exactOptional, recordEvidenceInput } from '../../shared/contracts/index.ts';
import type { ProviderOutcome } from '../../shared/domain/evidence.ts';
import { recordEvidenceStep } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

export const handler = workflowHandler('record-evidence', recordEvidenceInput, ({ claimId, round, outcomes }, rt) => {
  // No cast: the contract's outcome is the domain's ProviderOutcome (a mismatch is a compile error here).
  const checked: ProviderOutcome[] = exactOptional(outcomes);
  return recordEvidenceStep(rt.services, claimId, checked, round);
});
