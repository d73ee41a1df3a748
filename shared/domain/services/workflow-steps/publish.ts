/** The PublishVerdict state, and the verdict's entry in the similar-claim index. */
import type { Claim } from '../../claim.ts';
import { DomainError } from '../../errors.ts';
import { findRating } from '../../rating-scale.ts';
import type { SettledDecision } from '../../review.ts';
import type { PartnerNotification, Verdict } from '../../verdict.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from '../context.ts';
import { claimSignature } from '../../triage/claim-signature.ts';
import { normalizeStatement } from '../../triage/normalize.ts';
import { loadClaim } from './claim.ts';

/**
 * A verdict's index entry: the claim's normalized statement as triage recorded it (the text its own index
 * entry was made from), so a verdict and its claim match new submissions the same way; dated by its
 * publication (`publishedAt`, the replay's own time on a replay: the same day but for a run across midnight).
 */
function verdictEntry(claim: Claim, publishedAt: string) {
  const text = claim.triage?.normalizedStatement ?? normalizeStatement(claim.statement);
  return {
    kind: 'verdict' as const,
    claimId: claim.id,
    signature: claimSignature(text, claim.triage?.language.code ?? claim.language),
    text: text.slice(0, 1000),
    date: publishedAt.slice(0, 10),
  };
}

export async function publishStep(s: Services, claimId: string, decision: Extract<SettledDecision, { decision: 'approve' }>): Promise<{ version: number }> {
  const claim = await loadClaim(s, claimId);
  const rating = findRating(s.settings.ratingScale, decision.rating);
  if (!rating) throw new DomainError('invalid', `rating "${decision.rating}" is not on the scale`);
  // The workflow publishes a claim's first verdict only (later versions are corrections, with their own
  // review). A claim already published means this is a replay of a publish that succeeded: done.
  if (claim.status === 'published' && claim.verdictVersion) {
    await s.similarClaims.add(verdictEntry(claim, s.clock.now().toISOString()));
    return { version: claim.verdictVersion };
  }
  const version = 1;
  const now = s.clock.now().toISOString();
  const verdict: Verdict = {
    claimId,
    version,
    rating,
    summary: decision.summary,
    evidence: (claim.evidence ?? []).slice(0, 10),
    reviewers: decision.reviewers,
    publishedAt: now,
    claim: {
      statement: claim.statement,
      claimant: claim.claimant,
      appearances: claim.appearances,
      firstAppearance: claim.firstAppearance,
      language: claim.triage?.language.code ?? claim.language ?? 'und',
    },
  };
  const notification: PartnerNotification = { id: s.ids.next(), type: 'verdict.published', claimId, version, createdAt: now };
  try {
    await s.verdicts.publish(
      verdict,
      claim,
      trailEvent(s, claimId, 'verdict.published', WORKFLOW_ACTOR, { version, rating: rating.id, reviewers: decision.reviewers }),
      [notification],
    );
  } catch (err) {
    // A replayed or concurrent publish (a Lambda retry after a timeout, a redelivered invocation) finds
    // the verdict already written by the other: done, once. Anything else fails the step.
    if (!(await s.verdicts.get(claimId, version))) throw err;
  }
  // Also on a replay: the first attempt may have stopped before indexing (adding is idempotent).
  await s.similarClaims.add(verdictEntry(claim, now));
  return { version };
}
