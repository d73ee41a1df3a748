/**
 * Configuration from the environment, validated once per process. Every variable is listed in README.
 * Secrets (API-key pepper, webhook secrets) come from the environment locally and from Secrets Manager on
 * AWS (see functions/commons/secrets.ts), never from code. The variables, their defaults and rules are
 * defined once in shared/contracts/configuration.ts (the CDK app validates its settings with the same).
 */
import { defaultRatingScale, type RatingScale } from './domain/rating-scale.ts';
import type { Settings, WebhookEndpoint } from './domain/services/context.ts';
import * as z from 'zod';
import { type Environment, environmentSchema, ratingScaleSetting } from './contracts/index.ts';

export type { Environment } from './contracts/index.ts';

/**
 * Parsed once per process, so interpreted (`jitless`): zod would otherwise compile the schema into a function on
 * this first parse, several ms of every cold start (8.5 ms against 2.7 ms measured in a bundle; issue #11, item 5).
 */
export function readEnvironment(env: Record<string, string | undefined> = process.env): Environment {
  const parsed = environmentSchema.safeParse(env, { jitless: true });
  if (!parsed.success) throw configurationError(parsed.error);
  return parsed.data;
}

/** The rating scale `RATING_SCALE` sets, or the built-in one, by readEnvironment's rule (for a CLI that reads no other setting). */
export function ratingScaleFrom(env: Record<string, string | undefined>): RatingScale {
  const parsed = z.object({ RATING_SCALE: ratingScaleSetting }).safeParse({ RATING_SCALE: env.RATING_SCALE }, { jitless: true });
  if (!parsed.success) throw configurationError(parsed.error);
  return parsed.data.RATING_SCALE ?? defaultRatingScale;
}

function configurationError(error: z.ZodError): Error {
  return new Error(`invalid configuration: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

/** Names of the external providers enabled by configuration, after the always-on archive. */
export function enabledProviderNames(env: Environment, externalNames: string[]): string[] {
  if (env.EVIDENCE_PROVIDERS)
    return env.EVIDENCE_PROVIDERS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return ['archive', ...externalNames];
}

export function settingsFrom(env: Environment, providerNames: string[]): Settings {
  const endpoint = (url: string | undefined, secret: string | undefined): WebhookEndpoint | null => (url && secret ? { url, secret } : null);
  return {
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/$/, ''),
    reviewPolicy: {
      deadlineSeconds: env.REVIEW_DEADLINE_SECONDS,
      escalationSeconds: env.REVIEW_ESCALATION_SECONDS,
      maxRounds: env.REVIEW_MAX_ROUNDS,
      highPriorityQuorum: env.HIGH_PRIORITY_QUORUM,
    },
    triageThresholds: {
      checkWorthy: env.TRIAGE_CHECK_WORTHY_THRESHOLD,
      duplicate: env.TRIAGE_DUPLICATE_THRESHOLD,
      autoCloseNotCheckWorthy: env.TRIAGE_AUTO_CLOSE === 'true',
    },
    ratingScale: env.RATING_SCALE ?? defaultRatingScale,
    reviewerEndpoint: endpoint(env.REVIEWER_WEBHOOK_URL, env.REVIEW_REQUEST_SECRET),
    escalationEndpoint: endpoint(env.ESCALATION_WEBHOOK_URL, env.REVIEW_REQUEST_SECRET),
    evidenceProviders: providerNames,
    evidenceLimit: env.EVIDENCE_LIMIT,
    reviewDelivery: {
      maxRetries: env.REVIEW_DELIVERY_MAX_RETRIES,
      backoffMs: env.REVIEW_DELIVERY_BACKOFF_MS,
      maxBackoffMs: env.REVIEW_DELIVERY_MAX_BACKOFF_MS,
    },
  };
}
