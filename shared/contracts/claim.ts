/** Claim contracts: priorities, statuses and stages. */
import * as z from 'zod';

export const priority = z.enum(['low', 'normal', 'high']);
export type Priority = z.infer<typeof priority>;
export const priorities = priority.options;

/** A tag as a submitter writes it (at most 20 on a claim): what listings by tag are keyed on. */
export const tag = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, at most 40');

export const claimStatus = z.enum([
  'received',
  'triaging',
  'gathering_evidence',
  'awaiting_review',
  'published',
  'not_check_worthy',
  'duplicate',
  'rejected',
  'review_expired',
  'withdrawn',
  'failed',
]);
export type ClaimStatus = z.infer<typeof claimStatus>;
export const claimStatuses = claimStatus.options;

/** Where a claim stands in the workflow; derived from its status (domain/claim.ts `stageOf`). */
export const claimStage = z.enum(['triage', 'source_gathering', 'review', 'publish', 'closed']);
export type ClaimStage = z.infer<typeof claimStage>;

/** Who made a claim: a person (the default) or an organization speaking as one. */
export const claimantType = z.enum(['person', 'organization']);
export type ClaimantType = z.infer<typeof claimantType>;
