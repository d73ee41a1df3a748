import { z } from 'zod';
import { escalateReviewStep, requestReviewStep } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';
import { reviewPhase } from '../../shared/contracts/index.ts';

/** Both callback states use this function: the first request, and the escalation after the deadline. */
const input = z.object({
  phase: reviewPhase,
  claimId: z.string().min(1),
  taskToken: z.string().min(1),
  round: z.number().int().positive(),
  deadlineSeconds: z.number().int().positive(),
  notes: z.string().nullish(),
  // The review policy captured at submission (the execution input); executions started before it was
  // passed here carry none and fall back to the configured policy.
  policy: z
    .object({
      maxRounds: z.number().int().positive(),
      highPriorityQuorum: z.number().int().positive().optional(),
      escalationSeconds: z.number().int().positive().optional(),
    })
    .optional(),
});

export const handler = workflowHandler('request-review', input, async ({ phase, claimId, taskToken, round, deadlineSeconds, notes, policy }, rt) => {
  if (phase === 'escalate') return escalateReviewStep(rt.services, { claimId, taskToken, escalationSeconds: deadlineSeconds });
  const captured = policy && {
    maxRounds: policy.maxRounds,
    ...(policy.highPriorityQuorum ? { highPriorityQuorum: policy.highPriorityQuorum } : {}),
    ...(policy.escalationSeconds ? { escalationSeconds: policy.escalationSeconds } : {}),
  };
  return requestReviewStep(rt.services, { claimId, taskToken, round, deadlineSeconds, ...(notes ? { notes } : {}), ...(captured ? { policy: captured } : {}) });
});
