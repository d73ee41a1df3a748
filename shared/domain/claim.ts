/**
 * The claim: what a fact-checker submits, and its lifecycle as one table of states and events.
 */
import type { EvidenceRecord, ProviderOutcomeSummary } from './evidence.ts';
import type { TriageResult } from './triage/types.ts';
import type { ClaimantType, ClaimStage, ClaimStatus, Priority, ReviewSummaryStatus } from '../contracts/index.ts';

export type { ClaimStage, ClaimStatus, Priority } from '../contracts/index.ts';

export interface Claimant {
  name: string;
  /** Who made the claim: a person (the default) or an organization speaking as one (a ministry, an agency). */
  type?: ClaimantType;
  role?: string;
  affiliation?: string;
}

export interface Appearance {
  url: string;
  /** ISO 8601 date or date-time. */
  date: string;
}

/** What a submitter provides. */
export interface ClaimSubmission {
  statement: string;
  claimant: Claimant;
  appearances: Appearance[];
  context?: string;
  language?: string;
  tags?: string[];
  priority?: Priority;
}

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
  triage_started: { from: ['received', 'triaging'], to: 'triaging' },
  triaged_not_check_worthy: { from: ['triaging'], to: 'not_check_worthy' },
  triaged_duplicate: { from: ['triaging'], to: 'duplicate' },
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

export interface ReviewSummary {
  reviewId: string;
  round: number;
  status: ReviewSummaryStatus;
  requestedAt: string;
  approvals: number;
  approvalsRequired: number;
}

export interface Claim extends Required<Pick<ClaimSubmission, 'statement' | 'claimant' | 'appearances'>> {
  id: string;
  context?: string;
  /** Language given by the submitter; triage fills `triage.language` either way. */
  language?: string;
  tags: string[];
  priority: Priority;
  firstAppearance: Appearance;
  submittedBy: string;
  status: ClaimStatus;
  createdAt: string;
  updatedAt: string;
  /** Incremented on each write; used for optimistic locking. */
  revision: number;
  triage?: TriageResult;
  evidence?: EvidenceRecord[];
  providerOutcomes?: ProviderOutcomeSummary[];
  review?: ReviewSummary;
  /** Latest published verdict version, when any. */
  verdictVersion?: number;
  /** Why the claim closed (for non-published terminal states). */
  closedReason?: string;
  /** Set when the workflow has been started for this claim. */
  workflowStartedAt?: string;
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

/** One entry of a claim's audit trail: what happened, who did it, when. */
export interface ClaimEvent {
  claimId: string;
  /** Sortable unique id (ULID). */
  id: string;
  type: string;
  /** Principal id, "workflow", or "reviewer:<id>". */
  actor: string;
  at: string;
  detail?: Record<string, unknown>;
}
