import { z } from 'zod';
import { publishStep } from '../../shared/domain/services/workflow-steps.ts';
import { countMetric } from '../commons/observability.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

const input = z.object({
  claimId: z.string().min(1),
  decision: z.object({ decision: z.literal('approve'), rating: z.string().min(1), summary: z.string().min(1), reviewers: z.array(z.string()).min(1) }),
});

export const handler = workflowHandler('publish-verdict', input, async ({ claimId, decision }, rt) => {
  const published = await publishStep(rt.services, claimId, decision);
  countMetric('VerdictsPublished');
  return published;
});
