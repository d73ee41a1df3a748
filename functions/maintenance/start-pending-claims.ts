/**
 * The scheduled reconciler (an EventBridge schedule on AWS; an interval in the local stack): starts the
 * workflow of claims stored but never confirmed started, because the API process died between writing the
 * claim and starting its execution, or Step Functions was unavailable. Starting is idempotent (the
 * execution is named after the claim), so overlapping runs and late API retries are harmless.
 */
import { instrumented } from '../commons/lambda-handler.ts';
import { ensureCoreRuntime } from '../commons/core-runtime.ts';
import { logger } from '../commons/observability.ts';
import { startPendingWorkflows, type ReconciliationResult } from '../../shared/domain/services/submission.ts';
import { retryReviewRequests } from '../../shared/domain/services/review-delivery.ts';
import { countMetric } from '../commons/observability.ts';

export const handler = instrumented(async (): Promise<{ started: number; failed: number; claims: ReconciliationResult }> => {
  const rt = await ensureCoreRuntime();
  const result = await startPendingWorkflows(rt.services, rt.env.RECONCILE_GRACE_SECONDS);
  if (result.started.length > 0 || result.failed.length > 0) {
    logger.info('reconciled unstarted claims', { started: result.started, failed: result.failed });
  }
  // A claim that cannot be started is retried on the next run; an error here surfaces on the alarm.
  if (result.failed.length > 0 && result.started.length === 0) {
    logger.error('no unstarted claim could be started', { failed: result.failed.length });
  }
  // Review requests that did not get through are resent with backoff; one whose retries are spent is
  // counted (ReviewRequestsUndelivered, which an alarm watches) and waits for an admin's resend.
  const deliveries = await retryReviewRequests(rt.services);
  if (deliveries.failed.length > 0) {
    countMetric('ReviewRequestsUndelivered', deliveries.failed.length);
    logger.error('review requests undelivered after every retry', { reviews: deliveries.failed });
  }
  return { started: result.started.length, failed: result.failed.length, claims: result };
});
