/**
 * The configuration, defined once: the settings every function reads from its environment (README,
 * "Configuration"), the secrets it reads from the factflow secret on AWS (functions/commons/secrets.ts)
 * or from the environment locally, and the deployment stage. shared/config.ts parses the environment with
 * `environmentSchema` once per process; the CDK app (infra/app.ts) refuses a secret among its `settings`
 * and validates the rest with `settingsSchema` at synth, so a bad setting fails the deploy, not a cold start.
 */
import * as z from 'zod';
import { exactOptional } from './exact-optional.ts';
import { operatorRatingScale, type RatingScale } from './rating.ts';
import { defaultReviewPolicy } from './review.ts';
import { defaultTriageThresholds } from './triage.ts';

/** The deployment stage (`-c stage=dev|prod`). */
export const stage = z.enum(['dev', 'prod']);
export type Stage = z.infer<typeof stage>;

const number = (fallback: number, min = 0) => z.coerce.number().min(min).default(fallback);
/** An on/off setting, as environment variables spell it. */
const onOff = z.enum(['true', 'false']);

/**
 * `RATING_SCALE`: JSON, read here into the operator's scale, so the synth-time check and the cold start parse it by
 * one rule, once; a bad scale fails the deploy, naming the part that is wrong. Absent: the built-in scale.
 */
export const ratingScaleSetting = z
  .string()
  .optional()
  .transform((text, ctx): RatingScale | undefined => {
    if (text === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
    const scale = operatorRatingScale.safeParse(json, { jitless: true });
    if (scale.success) return exactOptional(scale.data);
    for (const issue of scale.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
    return z.NEVER;
  });

/** The non-secret settings: environment variables, set by the CDK app (`-c settings`) or the local stack. */
export const settingsSchema = z.object({
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().default(''),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  REVIEWER_WEBHOOK_URL: z.url().optional(),
  ESCALATION_WEBHOOK_URL: z.url().optional(),
  REVIEW_DEADLINE_SECONDS: number(defaultReviewPolicy.deadlineSeconds, 1),
  REVIEW_ESCALATION_SECONDS: number(defaultReviewPolicy.escalationSeconds, 1),
  REVIEW_MAX_ROUNDS: number(defaultReviewPolicy.maxRounds, 1),
  HIGH_PRIORITY_QUORUM: number(defaultReviewPolicy.highPriorityQuorum, 1),
  TRIAGE_CHECK_WORTHY_THRESHOLD: number(defaultTriageThresholds.checkWorthy),
  TRIAGE_DUPLICATE_THRESHOLD: number(defaultTriageThresholds.duplicate),
  /** Policy, off by default: close claims below the check-worthy threshold without a person. */
  TRIAGE_AUTO_CLOSE: onOff.default('false'),
  EVIDENCE_PROVIDERS: z.string().optional(),
  EVIDENCE_LIMIT: number(20, 1),
  /** Per-attempt budget of one evidence provider request (each provider gets 3 attempts with backoff). */
  EVIDENCE_PROVIDER_TIMEOUT_MS: number(8000, 100),
  RATING_SCALE: ratingScaleSetting,
  MAX_BODY_BYTES: number(64 * 1024, 1024),
  // Partner outlets (issue 5): the ClaimReview publisher, the feed's settle window, push deliveries.
  PUBLISHER_NAME: z.string().min(1).default('factflow'),
  PUBLISHER_URL: z.url().optional(),
  PUBLISHER_LOGO_URL: z.url().optional(),
  FEED_SETTLE_MS: number(5000),
  ALLOW_PRIVATE_WEBHOOK_TARGETS: onOff.default('false'),
  /** Review requests that failed are retried by the reconciler: this many times, the first after the backoff, doubling with jitter up to the maximum. */
  REVIEW_DELIVERY_MAX_RETRIES: number(12, 0),
  REVIEW_DELIVERY_BACKOFF_MS: number(60_000, 1),
  REVIEW_DELIVERY_MAX_BACKOFF_MS: number(3_600_000, 1),
  PARTNER_MAX_SUBSCRIPTIONS: number(10, 1),
  PARTNER_DELIVERY_MAX_ATTEMPTS: number(8, 1),
  PARTNER_DELIVERY_BACKOFF_MS: number(30_000, 1),
  PARTNER_DELIVERY_MAX_BACKOFF_MS: number(3_600_000, 1),
  PARTNER_DELIVERY_TIMEOUT_MS: number(10_000, 1),
  PARTNER_DISABLE_AFTER_FAILURES: number(15, 1),
  /** Requests a minute per API key (token bucket per principal, in memory per instance; see functions/api/rate-limit.ts). */
  RATE_LIMIT_PER_MINUTE: number(600, 1),
  /** Failed authentications a minute per client address before it is answered 429 without a key lookup (functions/api/auth-failures.ts). */
  AUTH_FAILURES_PER_MINUTE: number(30, 1),
  /** How long an unknown key is remembered as unknown (no second lookup); 0 turns the cache off. */
  NEGATIVE_KEY_CACHE_SECONDS: number(10, 0),
  /** How old an unstarted claim must be before the reconciler starts its workflow (gives a live submission time to do it). */
  RECONCILE_GRACE_SECONDS: number(30, 0),
  // Documents (issue 14): bounds, asynchronous processing, TTL, URL reading, the document.processed webhook.
  DOCUMENT_MAX_CHARS: number(200_000, 100),
  DOCUMENT_MAX_TURNS: number(5_000, 1),
  DOCUMENT_MAX_BODY_BYTES: number(2 * 1024 * 1024, 1024),
  /** Documents longer than this (characters) are processed after the answer (202 and a link to poll). */
  DOCUMENT_SYNC_MAX_CHARS: number(20_000, 0),
  DOCUMENT_TTL_SECONDS: number(30 * 24 * 3600, 60),
  DOCUMENT_FETCH_TIMEOUT_MS: number(8000, 100),
  DOCUMENT_FETCH_MAX_BYTES: number(5 * 1024 * 1024, 1024),
  /** The function that processes long documents, invoked asynchronously (set by infra/constructs/document-processing.ts). */
  DOCUMENT_PROCESSOR_FUNCTION: z.string().min(1).optional(),
  DOCUMENT_WEBHOOK_URL: z.url().optional(),
});

/**
 * The secrets, the keys of the factflow secret's JSON on AWS (never a setting: the CDK app refuses them),
 * environment variables locally. Strict: a misspelt key in the secret fails the cold start naming it.
 */
export const secretSettings = z.strictObject({
  REVIEW_REQUEST_SECRET: z.string().optional(),
  REVIEW_DECISION_SECRET: z.string().optional(),
  API_KEY_PEPPER: z.string().min(16).optional(),
  // Optional: the Google Fact Check Tools key, when that evidence provider is wanted.
  GOOGLE_FACTCHECK_API_KEY: z.string().optional(),
  // Optional: signs the document.processed webhook (with DOCUMENT_WEBHOOK_URL set as a setting).
  DOCUMENT_WEBHOOK_SECRET: z.string().optional(),
});
export const secretKeys = secretSettings.keyof().options;
export type SecretKey = (typeof secretKeys)[number];

/** A function's whole environment: its settings and, once read, its secrets. */
export const environmentSchema = settingsSchema.extend(secretSettings.shape);
export type Environment = z.infer<typeof environmentSchema>;
