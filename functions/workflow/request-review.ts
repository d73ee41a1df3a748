import { escalateReviewStep, requestReviewStep } from '../../shared/domain/services/workflow-steps/review.ts';
import { logger } from '../commons/observability.ts';
import { requestReviewStepContract } from '../../shared/contracts/step-request-review.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

/** Both callback states use this function: the first request, and the escalation after the deadline. */
export const handler = workflowHandler(
  'request-review',
  requestReviewStepContract,
  async ({ phase, claimId, taskToken, round, deadlineSeconds, notes, policy }, rt) => {
    const result =
      phase === 'escalate'
        ? await escalateReviewStep(rt.services, { claimId, taskToken, escalationSeconds: deadlineSeconds })
        : await requestReviewStep(rt.services, { claimId, taskToken, round, deadlineSeconds, ...(notes ? { notes } : {}), ...(policy ? { policy } : {}) });
    // The reviewers have the message and the review waits for them; only its record (delivery state, trail event) is missing.
    if (result.deliveryRecorded === false) logger.warn('review message delivered but not recorded', { claimId, reviewId: result.reviewId, phase });
    return result;
  },
);
