import { z } from 'zod';
import { closeStep } from '../../shared/domain/services/workflow-steps.ts';
import { countMetric } from '../commons/observability.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { closeOutcome } from '../../shared/contracts/index.ts';

const input = z.object({
  claimId: z.string().min(1),
  outcome: closeOutcome,
  reason: z.string().max(2000).catch('no reason given'),
});

export const handler = workflowHandler('close-claim', input, async ({ claimId, outcome, reason }, rt) => {
  const closed = await closeStep(rt.services, claimId, outcome, reason);
  if (outcome === 'review_expired') countMetric('ReviewsExpired');
  return closed;
});
