/**
 * Re-triage: score a claim again with the check-worthiness model installed now (after a model update), and
 * move its priority with the score. Nothing is closed or re-opened here: a person decides.
 */
import type { Claim } from '../claim.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../principals.ts';
import { triageClaim } from '../triage/index.ts';
import { trailEvent, type Services } from './context.ts';

/** Statuses whose claim can be re-scored: past triage, not finally closed (a low-scored close can be re-scored). */
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
  // Re-scoring never closes: the auto-close policy applies only in the workflow's own triage step.
  const assessment = triageClaim({ statement: claim.statement, ...(claim.language ? { language: claim.language } : {}) }, [], {
    ...s.settings.triageThresholds,
    autoCloseNotCheckWorthy: false,
  });
  const decision = assessment;
  const previousScore = claim.triage?.checkWorthiness.score;
  // The submitter's "high" stands; a "low" that triage set follows the new score.
  const triageSetLow = claim.priority === 'low' && claim.triage?.priority === 'low';
  const priority = claim.priority === 'high' ? 'high' : decision.priority === 'low' ? 'low' : triageSetLow ? 'normal' : claim.priority;
  const outcomeReason =
    `Re-triaged by ${principal.id}: check-worthiness ${previousScore === undefined ? 'unscored' : previousScore.toFixed(2)} -> ` +
    `${assessment.checkWorthiness.score.toFixed(2)} (threshold ${s.settings.triageThresholds.checkWorthy.toFixed(2)}), priority ${priority}.`;
  const triage = {
    normalizedStatement: assessment.normalizedStatement,
    language: assessment.language,
    checkWorthiness: assessment.checkWorthiness,
    duplicateOf: claim.triage?.duplicateOf ?? null,
    outcome: claim.triage?.outcome ?? decision.outcome,
    priority: decision.priority ?? 'normal',
    outcomeReason,
  };
  return s.claims.update(
    claimId,
    { triage, priority },
    trailEvent(s, claimId, 'triage.rescored', principal.id, {
      ...(previousScore !== undefined ? { previousScore } : {}),
      score: assessment.checkWorthiness.score,
      priority,
    }),
  );
}
