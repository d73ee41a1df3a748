import { z } from 'zod';
import { closeStep } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

const input = z.object({
  claimId: z.string().min(1),
  outcome: z.enum(['rejected', 'review_expired', 'failed']),
  reason: z.string().max(2000).catch('no reason given'),
});

export const handler = workflowHandler('close-claim', input, ({ claimId, outcome, reason }, rt) => closeStep(rt.services, claimId, outcome, reason));
