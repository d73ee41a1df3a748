/**
 * Submitting, following and withdrawing claims.
 */
import { createHash } from 'node:crypto';
import { newClaim, type Claim, type ClaimSubmission } from '../claim.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../principals.ts';
import { trailEvent, type Services } from './context.ts';


/** Stable hash of a request body: keys sorted so that field order does not matter. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

/** The execution input: the claim id plus the policy in force when it was submitted. */
export function workflowInput(s: Services, claim: Claim): Record<string, unknown> {
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
    },
    providers: s.settings.evidenceProviders.map((name) => ({ name })),
  };
}

export async function submitClaim(
  s: Services,
  submission: ClaimSubmission,
  principal: Principal,
  idempotencyKey?: string,
): Promise<{ claim: Claim; created: boolean }> {
  const claim = newClaim(s.ids.next(), submission, principal.id, s.clock.now());
  const event = trailEvent(s, claim.id, 'claim.submitted', principal.id, { priority: claim.priority });
  const stored = await s.claims.create(
    claim,
    event,
    idempotencyKey === undefined ? undefined : { principalId: principal.id, key: idempotencyKey, requestHash: requestHash(submission) },
  );
  // Start (or re-start, harmlessly: the execution is named after the claim) the workflow. Should this
  // process die before the start is recorded, `startPendingWorkflows` finds the claim and starts it.
  if (!stored.claim.workflowStartedAt) {
    return { claim: await ensureWorkflowStarted(s, stored.claim), created: stored.created };
  }
  return stored;
}

export async function ensureWorkflowStarted(s: Services, claim: Claim): Promise<Claim> {
  const { executionId, alreadyStarted } = await s.workflow.start(claim.id, workflowInput(s, claim));
  const event = trailEvent(s, claim.id, 'workflow.started', 'workflow', { alreadyStarted, execution: executionId.split(':').slice(-1)[0] });
  try {
    return await s.claims.update(claim.id, { workflowStartedAt: event.at }, event);
  } catch (err) {
    if (err instanceof DomainError) return claim;
    throw err;
  }
}

/**
 * The reconciler: claims stored but never confirmed started (the process died between the write and the
 * start, or Step Functions was unavailable) are started now. Run on a schedule on AWS and on an interval
 * locally.
 */
export async function startPendingWorkflows(s: Services, graceSeconds = 30, limit = 50): Promise<string[]> {
  const olderThan = new Date(s.clock.now().getTime() - graceSeconds * 1000).toISOString();
  const pending = await s.claims.listUnstarted(olderThan, limit);
  const started: string[] = [];
  for (const claim of pending) {
    await ensureWorkflowStarted(s, claim);
    started.push(claim.id);
  }
  return started;
}

export async function withdrawClaim(s: Services, claimId: string, principal: Principal, reason?: string): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  if (!claim) throw new DomainError('not_found', 'claim not found');
  if (principal.role !== 'admin' && claim.submittedBy !== principal.id) {
    throw new DomainError('forbidden', 'only the submitter or an admin can withdraw a claim');
  }
  if (claim.status === 'published') throw new DomainError('conflict', 'a published claim cannot be withdrawn; issue a correction instead');
  const withdrawn = await s.claims.transition(
    claimId,
    'withdrawn',
    { closedReason: reason ?? 'withdrawn by its submitter' },
    trailEvent(s, claimId, 'claim.withdrawn', principal.id, reason ? { reason } : undefined),
  );
  const review = await s.reviews.currentForClaim(claimId);
  if (review?.status === 'open') await s.reviews.setStatus(review.id, 'cancelled');
  await s.workflow.stop(claimId, `withdrawn by ${principal.id}`);
  return withdrawn;
}
