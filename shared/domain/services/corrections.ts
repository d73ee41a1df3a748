/**
 * Corrections of published verdicts, routed through sign-off like any decision.
 *
 * A reviewer or admin proposes a correction (rating, summary, note). That opens a review of kind
 * 'correction' which reviewers decide through the same signed decision webhook, under the same rules
 * (quorum for high-priority claims, four-eyes: neither the proposer nor the claim's submitter can approve
 * it, one decision per reviewer). Approving approves the proposal's content: an approval carrying another
 * rating or summary is refused (review.ts), and the published version is the proposal's. When it is approved, version n+1 is published with the correction note in one
 * transaction (verdict version, claim, trail event, `verdict.corrected` notification); earlier versions
 * stay readable at their own URLs.
 *
 * Why no Step Functions execution: the claim's execution ended when the first verdict was published (its
 * name, the claim id, cannot be reused for 90 days), and a correction needs none of the workflow's steps
 * (no triage, no source gathering, no timers): only sign-off and an atomic publish. The open review item
 * is the durable "waiting for reviewers" state, and the decision that settles it performs the publish.
 * Should that publish fail half-way (the review saved as approved, the version not written), the
 * reviewer's retry of the same signed message is recognised as a replay and completes it, exactly as it
 * resumes a workflow for ordinary reviews. Correction reviews have no deadline timer: they stay open
 * until decided.
 */
import type { CorrectionInput } from '../../contracts/index.ts';
import type { ReviewRequestData } from '../../contracts/webhooks.ts';
import { DomainError } from '../errors.ts';
import type { CorrectionReviewStore } from '../ports.ts';
import type { Principal } from '../principals.ts';
import { findRating, ratingIds } from '../rating-scale.ts';
import { approvalsRequiredFor, type CorrectionProposal, type Review, type SettledDecision } from '../review.ts';
import type { PartnerNotification, Verdict } from '../verdict.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from './context.ts';

// What the API sends in: defined once, in shared/contracts/review.ts.
export type { CorrectionInput } from '../../contracts/index.ts';

export async function proposeCorrection(
  s: Services,
  store: CorrectionReviewStore,
  principal: Principal,
  claimId: string,
  input: CorrectionInput,
): Promise<Review> {
  if (principal.role !== 'reviewer' && principal.role !== 'admin') throw new DomainError('forbidden', 'only reviewers and admins propose corrections');
  const claim = await s.claims.get(claimId);
  if (!claim) throw new DomainError('not_found', 'claim not found');
  const current = claim.status === 'published' ? await s.verdicts.get(claimId) : null;
  if (!current) throw new DomainError('conflict', 'only a published verdict can be corrected', { status: claim.status });
  if (!findRating(s.settings.ratingScale, input.rating)) {
    throw new DomainError('invalid', `rating "${input.rating}" is not on the configured scale: use one of ${ratingIds(s.settings.ratingScale)}`, {
      field: 'rating',
      rule: 'rating on the scale',
    });
  }
  const pending = (await store.listForClaim(claimId)).find((r) => r.status === 'open');
  if (pending) throw new DomainError('conflict', `a correction of this verdict is already awaiting sign-off (review ${pending.id})`);

  const now = s.clock.now();
  const correction: CorrectionProposal = {
    baseVersion: current.version,
    rating: input.rating,
    summary: input.summary,
    note: input.note,
    proposedBy: principal.id,
  };
  const review: Review = {
    id: s.ids.next(),
    claimId,
    round: 1,
    status: 'open',
    approvalsRequired: approvalsRequiredFor(claim.priority, s.settings.reviewPolicy),
    // A correction is its own single-round review, under the policy in force when it is proposed.
    maxRounds: s.settings.reviewPolicy.maxRounds,
    // Four-eyes: the claim's submitter cannot approve it, nor can the proposer (correction.proposedBy).
    submittedBy: claim.submittedBy,
    decisions: [],
    requestedAt: now.toISOString(),
    deadline: new Date(now.getTime() + s.settings.reviewPolicy.deadlineSeconds * 1000).toISOString(),
    escalated: false,
    kind: 'correction',
    correction,
  };
  await store.open(review);
  await s.claims.appendEvent(
    trailEvent(s, claimId, 'correction.proposed', principal.id, { reviewId: review.id, baseVersion: current.version, rating: input.rating, note: input.note }),
  );
  await requestSignOff(s, review, correction, current);
  return review;
}

/** Sends the correction to the reviewers, signed, on the same channel as workflow review requests. */
async function requestSignOff(s: Services, review: Review, correction: CorrectionProposal, current: Verdict): Promise<void> {
  const endpoint = s.settings.reviewerEndpoint;
  if (!endpoint) {
    await s.claims.appendEvent(
      trailEvent(s, review.claimId, 'review.requested.not_sent', WORKFLOW_ACTOR, { reviewId: review.id, reason: 'no reviewer endpoint configured' }),
    );
    return;
  }
  const attempts = await s.webhooks.send(endpoint, {
    id: `msg_${review.id}_req`,
    type: 'review.requested',
    data: {
      kind: 'correction',
      reviewId: review.id,
      round: review.round,
      deadline: review.deadline,
      approvalsRequired: review.approvalsRequired,
      correction: { ...correction, currentVersion: current.version, currentRating: current.rating.id, currentSummary: current.summary },
      claim: {
        id: review.claimId,
        statement: current.claim.statement,
        claimant: current.claim.claimant,
        firstAppearance: current.claim.firstAppearance,
        url: `${s.settings.publicBaseUrl}/claims/${review.claimId}`,
      },
      ratingScale: s.settings.ratingScale.labels.map((l) => ({ id: l.id, label: l.label })),
      respond: {
        url: `${s.settings.publicBaseUrl}/webhooks/review-decisions`,
        format:
          'Standard Webhooks-signed POST with {"type":"review.decision","data":{"reviewId","reviewerId","decision":"approve|reject|request_changes","reason","notes"}}; approving publishes the proposed rating and summary (an approval carrying others is refused: request changes instead)',
      },
    } satisfies ReviewRequestData,
  });
  const last = attempts[attempts.length - 1];
  await s.claims.appendEvent(
    trailEvent(s, review.claimId, last?.ok ? 'review.requested.delivered' : 'review.requested.delivery_failed', WORKFLOW_ACTOR, {
      reviewId: review.id,
      attempts: attempts.map((a) => ({ attempt: a.attempt, status: a.status, ok: a.ok, ...(a.error ? { error: a.error } : {}) })),
    }),
  );
}

/**
 * Applies a settled correction review (called by sign-off in place of resuming a workflow). Idempotent:
 * a replay after a completed publish finds its version there and only marks the review done.
 */
export async function settleCorrection(s: Services, review: Review, settled: SettledDecision): Promise<void> {
  const proposal = review.correction;
  if (!proposal) throw new DomainError('invalid', 'this review carries no correction');
  if (settled.decision === 'approve') {
    await publishCorrection(s, review, proposal, settled);
  } else {
    await s.claims.appendEvent(
      trailEvent(s, review.claimId, settled.decision === 'reject' ? 'correction.rejected' : 'correction.changes_requested', WORKFLOW_ACTOR, {
        reviewId: review.id,
        reviewers: settled.reviewers,
        ...(settled.decision === 'reject' ? { reason: settled.reason } : { notes: settled.notes }),
      }),
    );
  }
  await s.reviews.setStatus(review.id, review.status, { workflowResumedAt: s.clock.now().toISOString() });
}

async function publishCorrection(
  s: Services,
  review: Review,
  proposal: CorrectionProposal,
  settled: Extract<SettledDecision, { decision: 'approve' }>,
): Promise<void> {
  const claim = await s.claims.get(review.claimId);
  if (!claim) throw new DomainError('not_found', 'claim not found');
  // The content published is the proposal's (an approval approves it as proposed; review.ts).
  const rating = findRating(s.settings.ratingScale, proposal.rating);
  if (!rating) throw new DomainError('invalid', `rating "${proposal.rating}" is not on the scale`, { field: 'rating' });
  const version = proposal.baseVersion + 1;
  const base = await s.verdicts.get(claim.id, proposal.baseVersion);
  if (!base) throw new DomainError('not_found', `verdict version ${proposal.baseVersion} not found`);
  const now = s.clock.now().toISOString();
  const verdict: Verdict = {
    ...base,
    version,
    rating,
    summary: proposal.summary,
    reviewers: settled.reviewers,
    publishedAt: now,
    correctionNote: proposal.note,
  };
  const notification: PartnerNotification = { id: s.ids.next(), type: 'verdict.corrected', claimId: claim.id, version, createdAt: now };
  const event = trailEvent(s, claim.id, 'verdict.corrected', WORKFLOW_ACTOR, {
    version,
    previousVersion: proposal.baseVersion,
    rating: rating.id,
    note: proposal.note,
    reviewId: review.id,
    proposedBy: proposal.proposedBy,
    reviewers: settled.reviewers,
  });
  try {
    await s.verdicts.publish(verdict, claim, event, [notification]);
  } catch (err) {
    if (!(err instanceof DomainError && err.kind === 'conflict')) throw err;
    const existing = await s.verdicts.get(claim.id, version);
    // A replay of this very correction: its version is already there.
    if (existing && existing.correctionNote === proposal.note && existing.rating.id === rating.id && existing.summary === proposal.summary) return;
    // Another correction published this version first: this one was decided against a stale verdict.
    await s.reviews.setStatus(review.id, 'cancelled', { workflowResumedAt: now });
    await s.claims.appendEvent(trailEvent(s, claim.id, 'correction.superseded', WORKFLOW_ACTOR, { reviewId: review.id, baseVersion: proposal.baseVersion }));
    throw new DomainError('conflict', `the verdict changed since this correction was proposed (version ${version} exists); propose the correction again`);
  }
}
