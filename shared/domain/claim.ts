/**
 * The claim: what a fact-checker submits, and its lifecycle as one table of states and events.
 */
import type { Claim, ClaimStage, ClaimStatus, ClaimSubmission } from '../contracts/index.ts';

// The records (submission, claim, review summary, trail event) are defined once, in shared/contracts/claim-record.ts.
export type { Appearance, Claim, Claimant, ClaimEvent, ClaimStage, ClaimStatus, ClaimSubmission, Priority, ReviewSummary } from '../contracts/index.ts';

export const terminalStatuses: ReadonlySet<ClaimStatus> = new Set([
  'published',
  'not_check_worthy',
  'duplicate',
  'rejected',
  'review_expired',
  'withdrawn',
  'failed',
]);

export function stageOf(status: ClaimStatus): ClaimStage {
  switch (status) {
    case 'received':
    case 'triaging':
      return 'triage';
    case 'gathering_evidence':
      return 'source_gathering';
    case 'awaiting_review':
      return 'review';
    default:
      return 'closed';
  }
}

/**
 * The lifecycle: which events move a claim from which statuses to which status.
 * Anything not listed is refused, so a replayed or late step cannot move a claim backwards.
 */
export const claimLifecycle = {
  // Triage records its start with its outcome, in one write (workflow-steps/triage.ts): a claim that goes
  // on moves to triaging with its triage result, one it closes moves straight from received.
  triage_started: { from: ['received', 'triaging'], to: 'triaging' },
  triaged_not_check_worthy: { from: ['received', 'triaging'], to: 'not_check_worthy' },
  triaged_duplicate: { from: ['received', 'triaging'], to: 'duplicate' },
  // Re-triage after a model change re-opens a claim the auto-close policy closed (services/retriage.ts).
  reopened: { from: ['not_check_worthy'], to: 'received' },
  evidence_gathering_started: { from: ['triaging', 'awaiting_review', 'gathering_evidence'], to: 'gathering_evidence' },
  review_requested: { from: ['gathering_evidence', 'awaiting_review'], to: 'awaiting_review' },
  verdict_published: { from: ['awaiting_review'], to: 'published' },
  review_rejected: { from: ['awaiting_review'], to: 'rejected' },
  review_expired: { from: ['awaiting_review'], to: 'review_expired' },
  withdrawn: { from: ['received', 'triaging', 'gathering_evidence', 'awaiting_review'], to: 'withdrawn' },
  workflow_failed: { from: ['received', 'triaging', 'gathering_evidence', 'awaiting_review'], to: 'failed' },
} as const satisfies Record<string, { from: readonly ClaimStatus[]; to: ClaimStatus }>;

export type ClaimTransition = keyof typeof claimLifecycle;

export function canApply(transition: ClaimTransition, status: ClaimStatus): boolean {
  return (claimLifecycle[transition].from as readonly ClaimStatus[]).includes(status);
}

/** Builds a new claim from a validated submission. */
export function newClaim(id: string, submission: ClaimSubmission, submittedBy: string, now: Date): Claim {
  const appearances = [...submission.appearances].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const first = appearances[0];
  if (!first) throw new Error('a claim needs at least one appearance');
  const at = now.toISOString();
  return {
    id,
    statement: submission.statement,
    claimant: submission.claimant,
    appearances,
    firstAppearance: first,
    ...(submission.context !== undefined ? { context: submission.context } : {}),
    ...(submission.language !== undefined ? { language: submission.language } : {}),
    tags: [...new Set(submission.tags ?? [])],
    priority: submission.priority ?? 'normal',
    submittedBy,
    status: 'received',
    createdAt: at,
    updatedAt: at,
    revision: 0,
  };
}
