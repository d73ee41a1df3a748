/** Review contracts: decisions, review statuses and kinds. */
import { z } from 'zod';
import type { RecordOf } from './exact-optional.ts';

export const decisionKind = z.enum(['approve', 'reject', 'request_changes']);
export type DecisionKind = z.infer<typeof decisionKind>;

export const reviewStatus = z.enum(['open', 'approved', 'rejected', 'changes_requested', 'expired', 'cancelled']);
export type ReviewStatus = z.infer<typeof reviewStatus>;

/** A review as summarized on its claim: its status, or `escalated` once the first deadline passed. */
export const reviewSummaryStatus = z.enum([...reviewStatus.options, 'escalated']);
export type ReviewSummaryStatus = z.infer<typeof reviewSummaryStatus>;

/** What a review decides: a claim's first verdict or a correction of it. */
export const reviewKind = z.enum(['verdict', 'correction']);
export type ReviewKind = z.infer<typeof reviewKind>;

/** What became of a decision sent to the API. */
export const decisionResultKind = z.enum(['recorded', 'settled', 'replay']);
export type DecisionResultKind = z.infer<typeof decisionResultKind>;

/**
 * Where a review request's delivery stands: `delivered`; `retrying` (failed so far, the next attempt is
 * scheduled with backoff); `failed` (every retry spent: an alarm fires, an admin may resend); `stopped`
 * (the review closed before it could be delivered).
 */
export const reviewDeliveryState = z.enum(['delivered', 'retrying', 'failed', 'stopped']);
export type ReviewDeliveryState = z.infer<typeof reviewDeliveryState>;

export const reviewDelivery = z.object({
  state: reviewDeliveryState,
  /** HTTP attempts made so far, over every try. */
  attempts: z.number().int().min(0),
  /** Scheduled retries spent so far (each one a short burst of attempts). */
  retries: z.number().int().min(0),
  lastAttemptAt: z.string(),
  nextAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type ReviewDelivery = RecordOf<typeof reviewDelivery>;
