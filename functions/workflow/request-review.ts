import { escalateReviewStep, requestReviewStep } from '../../shared/domain/services/workflow-steps/review.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

/** Both callback states use this function: the first request, and the escalation after the deadline. */
export const handler = workflowHandler('request-review', async ({ phase, claimId, taskToken, round, deadlineSeconds, notes, policy }, rt) => {
  if (phase === 'escalate') return escalateReviewStep(rt.services, { claimId, taskToken, escalationSeconds: deadlineSeconds });
  return requestReviewStep(rt.services, { claimId, taskToken, round, deadlineSeconds, ...(notes ? { notes } : {}), ...(policy ? { policy } : {}) });
});
