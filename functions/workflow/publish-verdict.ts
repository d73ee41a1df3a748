import { publishStep } from '../../shared/domain/services/workflow-steps/publish.ts';
import { countMetric } from '../commons/observability.ts';
import { publishVerdictStepContract } from '../../shared/contracts/step-publish-verdict.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

export const handler = workflowHandler('publish-verdict', publishVerdictStepContract, async ({ claimId, decision }, rt) => {
  const published = await publishStep(rt.services, claimId, decision);
  countMetric('VerdictsPublished');
  return published;
});
