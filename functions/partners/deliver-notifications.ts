/**
 * The partner delivery worker: fans queued verdict notifications out to subscriptions and sends the
 * deliveries that are due (first attempts and retries). On AWS an EventBridge schedule invokes it every
 * minute (infra/constructs/partner-delivery.ts); locally the stack runs the same function on an interval.
 */
import { runPartnerDeliveries, type DeliveryRun } from '../../shared/domain/services/partners/delivery-worker.ts';
import { instrumented } from '../commons/lambda-handler.ts';
import { ensureCoreRuntime } from '../commons/core-runtime.ts';
import { logger } from '../commons/observability.ts';
import { partnerRuntime } from './context.ts';

export const handler = instrumented(async (): Promise<DeliveryRun> => {
  const started = Date.now();
  const run = await runPartnerDeliveries(partnerRuntime(await ensureCoreRuntime()).deps);
  if (run.fannedOut || run.attempted) logger.info('partner deliveries', { ...run, durationMs: Date.now() - started });
  return run;
});
