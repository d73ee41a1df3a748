/**
 * Re-triage: score a claim again with the check-worthiness model installed now (after a model update), and
 * move its priority with the score. Re-scoring never closes a claim. A claim the auto-close policy closed as not
 * check-worthy is re-opened when the policy in force would not close it now (the new score meets the threshold,
 * or the operator turned auto-close off): it goes back into the workflow from the start, as a new run, with the
 * priority of its new score; otherwise it stays closed with its new score recorded.
 */
import type { Claim, Priority } from '../claim.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../principals.ts';
import { triageClaim } from '../triage/index.ts';
import { trailEvent, type Services } from './context.ts';
import { ensureWorkflowStarted } from './submission.ts';

/** Statuses whose claim can be re-scored: past triage, not finally closed (a low-scored close can be re-opened). */
const RETRIAGEABLE: ReadonlySet<Claim['status']> = new Set(['gathering_evidence', 'awaiting_review', 'not_check_worthy']);

export async function retriageClaim(s: Services, claimId: string, principal: Principal): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  if (!claim) throw new DomainError('not_found', 'no claim with this id');
  if (claim.status === 'received' || claim.status === 'triaging') {
    throw new DomainError('conflict', 'the claim is being triaged now; re-triage it once triage has finished');
  }
  if (!RETRIAGEABLE.has(claim.status)) {
    throw new DomainError('conflict', `a claim that is ${claim.status} is not re-triaged`);
  }
  const thresholds = s.settings.triageThresholds;
  // Scored without the auto-close policy (re-scoring never closes); the policy decides below whether a closed claim re-opens.
  const assessment = triageClaim({ statement: claim.statement, ...(claim.language ? { language: claim.language } : {}) }, [], {
    ...thresholds,
    autoCloseNotCheckWorthy: false,
  });
  const score = assessment.checkWorthiness.score;
  const previousScore = claim.triage?.checkWorthiness.score;
  // The submitter's "high" stands; a "low" that triage set follows the new score.
  const triageSetLow = claim.priority === 'low' && claim.triage?.priority === 'low';
  const priority: Priority = claim.priority === 'high' ? 'high' : assessment.priority === 'low' ? 'low' : triageSetLow ? 'normal' : claim.priority;
  const change = `check-worthiness ${previousScore === undefined ? 'unscored' : previousScore.toFixed(2)} -> ${score.toFixed(2)} (threshold ${thresholds.checkWorthy.toFixed(2)})`;
  const triage = {
    normalizedStatement: assessment.normalizedStatement,
    language: assessment.language,
    checkWorthiness: assessment.checkWorthiness,
    duplicateOf: claim.triage?.duplicateOf ?? null,
    outcome: claim.triage?.outcome ?? assessment.outcome,
    priority: assessment.priority ?? 'normal',
  };
  const detail = { ...(previousScore !== undefined ? { previousScore } : {}), score, priority };

  if (claim.status === 'not_check_worthy') {
    const stillClosed = score < thresholds.checkWorthy && thresholds.autoCloseNotCheckWorthy === true;
    if (stillClosed) {
      await s.claims.update(
        claimId,
        { triage: { ...triage, outcomeReason: `Re-triaged by ${principal.id}: ${change}; still below it and auto-close is on, so it stays closed.` } },
        trailEvent(s, claimId, 'triage.rescored', principal.id, { ...detail, reopened: false }),
      );
      return readBack(s, claimId);
    }
    const workflowRun = (claim.workflowRun ?? 0) + 1;
    const reopening = trailEvent(s, claimId, 'claim.reopened', principal.id, { ...detail, workflowRun });
    await s.claims.transition(
      claim,
      'reopened',
      {
        triage: { ...triage, outcome: 'continue', outcomeReason: `Re-triaged by ${principal.id}: ${change}; re-opened with priority ${priority}.` },
        priority,
        workflowRun,
        reopenedAt: reopening.at,
      },
      reopening,
      ['closedReason', 'workflowStartedAt'],
    );
    const reopened = await readBack(s, claimId);
    try {
      return await ensureWorkflowStarted(s, reopened);
    } catch (err) {
      // As for a submission: the claim is re-opened either way, and the reconciler starts its run (it is `received`, not started).
      if (err instanceof DomainError && err.kind !== 'unavailable') throw err;
      return reopened;
    }
  }

  await s.claims.update(
    claimId,
    { triage: { ...triage, outcomeReason: `Re-triaged by ${principal.id}: ${change}, priority ${priority}.` }, priority },
    trailEvent(s, claimId, 'triage.rescored', principal.id, detail),
  );
  return readBack(s, claimId);
}

/** The claim as stored after a write (the repository does not read it back). */
async function readBack(s: Services, claimId: string): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  if (!claim) throw new DomainError('not_found', 'no claim with this id');
  return claim;
}
