import { closeStep } from '../../shared/domain/services/workflow-steps/close.ts';
import { countMetric } from '../commons/observability.ts';
import { closeClaimStepContract } from '../../shared/contracts/step-close-claim.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

export const handler = workflowHandler('close-claim', closeClaimStepContract, async ({ claimId, outcome, reason }, rt) => {
  const closed = await closeStep(rt.services, claimId, outcome, reason);
  if (outcome === 'review_expired') countMetric('ReviewsExpired');
  return closed;
});
