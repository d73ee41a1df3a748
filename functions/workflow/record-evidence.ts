import { recordEvidenceStep } from '../../shared/domain/services/workflow-steps/evidence.ts';
import { recordEvidenceStepContract } from '../../shared/contracts/step-record-evidence.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

// No cast: the contract's outcome is the domain's ProviderOutcome (a mismatch is a compile error here).
export const handler = workflowHandler('record-evidence', recordEvidenceStepContract, ({ claimId, round, outcomes, claim }, rt) =>
  recordEvidenceStep(rt.services, claimId, outcomes, round, claim),
);
