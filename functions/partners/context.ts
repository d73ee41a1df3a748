/**
 * What the partner routes and the delivery worker need beyond the core services: the feed, partner and
 * correction stores, the SSRF-guarded webhook client and the delivery policy. Part of the composition root
 * (functions/commons/core-runtime.ts), built once per runtime on first use from the runtime's own table, so the
 * partner stores share its one DynamoDB client (traced like every other call when tracing is active).
 */
import { createHmac } from 'node:crypto';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoCorrectionReviewStore } from '../../shared/adapters/dynamodb/correction-repository.ts';
import { DynamoFeedRepository } from '../../shared/adapters/dynamodb/feed-repository.ts';
import { DynamoPartnerRepository } from '../../shared/adapters/dynamodb/partner-repository.ts';
import { StandardPartnerWebhookClient } from '../../shared/adapters/webhooks/partner-webhooks.ts';
import { WebhookTargetValidator, type Resolver } from '../../shared/adapters/webhooks/target-validation.ts';
import type { Publisher } from '../../shared/domain/claim-review.ts';
import type { CorrectionReviewStore, FeedRepository } from '../../shared/domain/ports.ts';
import type { PartnerDeps } from '../../shared/domain/services/partners/deps.ts';
import type { CoreRuntime } from '../commons/core-runtime.ts';

export interface PartnerRuntime {
  deps: PartnerDeps;
  feed: FeedRepository;
  corrections: CorrectionReviewStore;
  targets: WebhookTargetValidator;
  publisher: Publisher;
  /** Versions younger than this are not served by the feed yet (see feed-repository.ts). */
  feedSettleMs: number;
}

const built = new WeakMap<CoreRuntime, PartnerRuntime>();

export function partnerRuntime(rt: CoreRuntime, opts: { resolve?: Resolver } = {}): PartnerRuntime {
  const cached = opts.resolve ? undefined : built.get(rt);
  if (cached) return cached;
  const { env, services, table } = rt;
  const cursors = new CursorCodec(createHmac('sha256', rt.pepper).update('partner-cursor-signing').digest('hex'));
  const targets = new WebhookTargetValidator({
    allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_TARGETS === 'true',
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
  });
  const partners = new DynamoPartnerRepository(table, cursors);
  const result: PartnerRuntime = {
    deps: {
      services,
      partners,
      client: new StandardPartnerWebhookClient(targets),
      targets,
      policy: {
        maxAttempts: env.PARTNER_DELIVERY_MAX_ATTEMPTS,
        backoffMs: env.PARTNER_DELIVERY_BACKOFF_MS,
        maxBackoffMs: env.PARTNER_DELIVERY_MAX_BACKOFF_MS,
        disableAfterFailures: env.PARTNER_DISABLE_AFTER_FAILURES,
        timeoutMs: env.PARTNER_DELIVERY_TIMEOUT_MS,
      },
      maxSubscriptions: env.PARTNER_MAX_SUBSCRIPTIONS,
    },
    feed: new DynamoFeedRepository(table, cursors),
    corrections: new DynamoCorrectionReviewStore(table),
    targets,
    publisher: {
      name: env.PUBLISHER_NAME,
      url: env.PUBLISHER_URL ?? services.settings.publicBaseUrl,
      ...(env.PUBLISHER_LOGO_URL ? { logo: env.PUBLISHER_LOGO_URL } : {}),
    },
    feedSettleMs: env.FEED_SETTLE_MS,
  };
  if (!opts.resolve) built.set(rt, result);
  return result;
}
