/** Review contracts: decisions, review statuses and kinds. */
import { z } from 'zod';

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
