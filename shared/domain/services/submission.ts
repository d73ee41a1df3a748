/**
 * Submitting, following and withdrawing claims.
 */
import { createHash } from 'node:crypto';
import { newClaim, type Claim, type ClaimEvent, type ClaimSubmission } from '../claim.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../principals.ts';
import type { ClaimWorkflowInput } from '../../contracts/index.ts';
import type { ClaimListFilter, Page } from '../ports.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from './context.ts';
import { closeReviewOfWithdrawnClaim } from './sign-off.ts';

/** Stable hash of a request body: keys sorted so that field order does not matter (idempotency records, and the reviewer-key decision message id). */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/**
 * The execution input: the claim id plus the policy in force when it was submitted. That policy is the
 * only one the running claim obeys: the state machine reads it from here, and the review step records it
 * on each review for sign-off (a configuration change applies to claims submitted after it).
 */
export function workflowInput(s: Services, claim: Claim): ClaimWorkflowInput {
  const policy = s.settings.reviewPolicy;
  return {
    claimId: claim.id,
    round: 1,
    // Reviewer notes from a request-changes round; empty on the first round.
    notes: '',
    policy: {
      reviewDeadlineSeconds: policy.deadlineSeconds,
      escalationSeconds: policy.escalationSeconds,
      maxRounds: policy.maxRounds,
      highPriorityQuorum: policy.highPriorityQuorum,
    },
    providers: s.settings.evidenceProviders.map((name) => ({ name })),
  };
}

export interface SubmissionOutcome {
  claim: Claim;
  /** False when an earlier request with the same Idempotency-Key created the claim. */
  created: boolean;
  /**
   * Set when the claim is stored but its workflow could not be started now (Step Functions unavailable):
   * the claim is accepted all the same and `startPendingWorkflows` starts it.
   */
  startDeferred?: { reason: string };
}

export async function submitClaim(
  s: Services,
  submission: ClaimSubmission,
  principal: Principal,
  idempotencyKey?: string,
  /** Where the claim came from, for its trail (e.g. the document it was picked from). */
  origin?: Record<string, unknown>,
): Promise<SubmissionOutcome> {
  const claimId = s.ids.next();
  // Minted before the clock is read for createdAt, so the trail's workflow.started (at createdAt + 2 ms, see
  // startedEventId) sorts after it however long this process is paused between the two lines.
  const submittedId = s.ids.next();
  const claim = newClaim(claimId, submission, principal.id, s.clock.now());
  const event = { ...trailEvent(s, claim.id, 'claim.submitted', principal.id, { priority: claim.priority, ...origin }), id: submittedId };
  // The claim is written first: once it is stored, the submission is accepted. The workflow start comes
  // second and is safe to repeat (the execution is named after the claim), so a retry, a duplicate or the
  // reconciler can each do it and only one execution ever exists. A claim is never lost: if this process
  // dies (or Step Functions fails) between the two, `startPendingWorkflows` finds the claim and starts it.
  const stored = await s.claims.create(
    claim,
    event,
    idempotencyKey === undefined ? undefined : { principalId: principal.id, key: idempotencyKey, requestHash: requestHash(submission) },
  );
  if (stored.claim.workflowStartedAt) return stored;
  try {
    return { claim: await ensureWorkflowStarted(s, stored.claim), created: stored.created };
  } catch (err) {
    if (err instanceof DomainError && err.kind !== 'unavailable') throw err;
    return { ...stored, startDeferred: { reason: err instanceof Error ? err.name : 'unknown' } };
  }
}

/**
 * Starts the claim's workflow (or finds it started: the execution is named after the claim) and records
 * that once, with a `workflow.started` event.
 */
export async function ensureWorkflowStarted(s: Services, claim: Claim): Promise<Claim> {
  const { executionId, alreadyStarted } = await s.workflow.start(claim.id, workflowInput(s, claim), claim.workflowRun);
  const event = trailEvent(s, claim.id, 'workflow.started', WORKFLOW_ACTOR, { alreadyStarted, execution: executionId.split(':').slice(-1)[0] });
  // Recorded now: the claim as submitted plus that record (the API answers with it; no read back). Found
  // recorded already (a retry, the reconciler): read what is stored.
  if (await s.claims.markWorkflowStarted(claim, event.at, event)) {
    return { ...claim, workflowStartedAt: event.at, updatedAt: event.at, revision: claim.revision + 1 };
  }
  return (await s.claims.get(claim.id)) ?? claim;
}

export interface ReconciliationResult {
  started: string[];
  failed: Array<{ claimId: string; error: string }>;
}

/**
 * The reconciler: claims stored but never confirmed started (the process died between the write and the
 * start, or Step Functions was unavailable) are started now. Run on a schedule on AWS
 * (functions/maintenance/start-pending-claims.ts) and on an interval locally. One claim failing to start
 * does not stop the others.
 */
export async function startPendingWorkflows(s: Services, graceSeconds = 30, limit = 50): Promise<ReconciliationResult> {
  const olderThan = new Date(s.clock.now().getTime() - graceSeconds * 1000).toISOString();
  const pending = await s.claims.listUnstarted(olderThan, limit);
  const result: ReconciliationResult = { started: [], failed: [] };
  for (const claim of pending) {
    try {
      await ensureWorkflowStarted(s, claim);
      result.started.push(claim.id);
    } catch (err) {
      result.failed.push({ claimId: claim.id, error: err instanceof Error ? err.name : 'unknown' });
    }
  }
  return result;
}

/** A claim listing as the API asks for it: the filter and the page. (Not the workflow's ClaimQuery, the claim carried between steps.) */
export interface ClaimListQuery extends ClaimListFilter {
  limit: number;
  cursor?: string;
}

/**
 * Lists claims by status, submitter, tag and time range. With none of status, submitter or tag, it lists
 * the caller's own claims (every listing is a query on a designed index; "all claims" would be a scan).
 */
export async function listClaims(s: Services, principal: Principal, query: ClaimListQuery): Promise<Page<Claim>> {
  const { limit, cursor, ...filter } = query;
  const effective: ClaimListFilter =
    filter.status === undefined && filter.submittedBy === undefined && filter.tag === undefined ? { ...filter, submittedBy: principal.id } : filter;
  return s.claims.list(effective, cursor === undefined ? { limit } : { limit, after: cursor });
}

/** A claim's trail, oldest first. */
export async function claimHistory(s: Services, claimId: string, page: { limit: number; cursor?: string }): Promise<Page<ClaimEvent>> {
  const claim = await s.claims.get(claimId);
  if (!claim) throw new DomainError('not_found', 'no claim with this id');
  return s.claims.listEvents(claimId, page.cursor === undefined ? { limit: page.limit } : { limit: page.limit, after: page.cursor });
}

export async function withdrawClaim(s: Services, claimId: string, principal: Principal, reason?: string): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  if (!claim) throw new DomainError('not_found', 'no claim with this id');
  if (principal.role !== 'admin' && claim.submittedBy !== principal.id) {
    throw new DomainError('forbidden', 'only the submitter or an admin can withdraw a claim');
  }
  if (claim.status === 'published') throw new DomainError('conflict', 'a published claim cannot be withdrawn; issue a correction instead');
  await s.claims.transition(
    claim,
    'withdrawn',
    { closedReason: reason ?? 'withdrawn by its submitter' },
    trailEvent(s, claimId, 'claim.withdrawn', principal.id, reason ? { reason } : undefined),
  );
  const withdrawn = (await s.claims.get(claimId)) ?? claim;
  // The claim is withdrawn first: from then on no decision can be stored (sign-off writes decisions only
  // while the claim awaits review), and one settled a moment ago but not yet acted on is cancelled here.
  const review = await s.reviews.currentForClaim(claimId);
  const closed = review ? await closeReviewOfWithdrawnClaim(s, withdrawn, review.id) : withdrawn;
  await s.workflow.stop(claimId, `withdrawn by ${principal.id}`, claim.workflowRun);
  return closed;
}
