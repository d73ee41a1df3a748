import { z } from 'zod';
import { escalateReviewStep, requestReviewStep } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

/** Both callback states use this function: the first request, and the escalation after the deadline. */
const input = z.object({
  phase: z.enum(['request', 'escalate']),
  claimId: z.string().min(1),
  taskToken: z.string().min(1),
  round: z.number().int().positive(),
  deadlineSeconds: z.number().int().positive(),
  notes: z.string().nullish(),
});

export const handler = workflowHandler('request-review', input, async ({ phase, claimId, taskToken, round, deadlineSeconds, notes }, rt) => {
  if (phase === 'escalate') return escalateReviewStep(rt.services, { claimId, taskToken, escalationSeconds: deadlineSeconds });
  return requestReviewStep(rt.services, { claimId, taskToken, round, deadlineSeconds, ...(notes ? { notes } : {}) });
});
