/** The RequestReview and EscalateReview callback states, and the message reviewers are sent. */
import type { RecordOf, requestReviewInput, requestReviewOutput } from '../../../contracts/index.ts';
import type { ReviewRequestData } from '../../../contracts/webhooks.ts';
import type { Claim } from '../../claim.ts';
import { DomainError } from '../../errors.ts';
import { approvalsRequiredFor, type Review } from '../../review.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from '../context.ts';
import { settledDecisionOf } from '../sign-off.ts';
import { backoff, type Backoff } from '../../backoff.ts';
import { type ReviewMessageType, reviewMessageEndpoint, reviewRequestDelivery } from '../review-delivery.ts';
import { loadClaim } from './claim.ts';

/**
 * RequestReview's input (its contract, shared/contracts/workflow-steps.ts) in the request phase, notes
 * present only when given. `policy`, captured at submission, is absent for executions started before it was passed.
 */
export type ReviewRequestInput = Omit<RecordOf<typeof requestReviewInput>, 'phase' | 'notes'> & { notes?: string };

/** The review asked; `deliveryRecorded: false` when its message was delivered but that could not be recorded. */
export type ReviewStepResult = RecordOf<typeof requestReviewOutput>;

function reviewStepResult(reviewId: string, recorded: boolean): ReviewStepResult {
  return recorded ? { reviewId } : { reviewId, deliveryRecorded: false };
}

/** Opens a review for the claim's current round and asks the reviewers, by signed webhook, to decide. */
export async function requestReviewStep(s: Services, input: ReviewRequestInput): Promise<ReviewStepResult> {
  const claim = await loadClaim(s, input.claimId);
  // A review still open for this claim was asked by an earlier attempt of this task (a retry, or a local
  // restart); its token is dead, so close it before asking again: a late decision on it gets 409, not a
  // recorded decision the workflow never sees. The claim names its current review (its summary is written in
  // the transaction that opens the review, and correction reviews never take it), so a claim that names none
  // has none: no Query for it.
  const previous = claim.review ? await s.reviews.get(claim.review.reviewId) : null;
  const reasked = previous?.status === 'open' && previous.kind !== 'correction' && previous.round === input.round ? previous : null;
  if (previous?.status === 'open' && previous.kind !== 'correction') await s.reviews.setStatus(previous.id, 'cancelled', {}, 'open');
  // This round's review already settled by decisions the workflow never received (the process stopped
  // between recording them and SendTaskSuccess; a local kill -9): hand them on with this task's token
  // rather than ask again, so no recorded decision is lost.
  const unhanded =
    previous && previous.kind !== 'correction' && previous.round === input.round && !previous.workflowResumedAt ? settledDecisionOf(previous) : null;
  if (previous && unhanded) {
    await s.claims.appendEvent(trailEvent(s, claim.id, 'review.decision_handed_on', WORKFLOW_ACTOR, { reviewId: previous.id, decision: unhanded.decision }));
    await s.workflow.completeTask(input.taskToken, { ...unhanded, reviewId: previous.id });
    await s.reviews.setStatus(previous.id, previous.status, { workflowResumedAt: s.clock.now().toISOString() });
    return { reviewId: previous.id };
  }
  const now = s.clock.now();
  const live = s.settings.reviewPolicy;
  const policy = input.policy;
  const review: Review = {
    id: s.ids.next(),
    claimId: claim.id,
    round: input.round,
    status: 'open',
    approvalsRequired: approvalsRequiredFor(claim.priority, { highPriorityQuorum: policy?.highPriorityQuorum ?? live.highPriorityQuorum }),
    maxRounds: policy?.maxRounds ?? live.maxRounds,
    submittedBy: claim.submittedBy,
    decisions: [],
    requestedAt: now.toISOString(),
    // Asked again for the same round (a restart): the reviewers keep the deadline they were first given,
    // as the workflow's timer does (the local engine resumes a task with the time it had left).
    deadline: reasked?.deadline ?? new Date(now.getTime() + input.deadlineSeconds * 1000).toISOString(),
    escalated: false,
    ...(input.notes ? { changesRequested: input.notes } : {}),
  };
  const summary: Pick<Claim, 'review'> = {
    review: {
      reviewId: review.id,
      round: review.round,
      status: 'open' as const,
      requestedAt: review.requestedAt,
      approvals: 0,
      approvalsRequired: review.approvalsRequired,
    },
  };
  // The review opens and the claim moves to awaiting review in one write. The token is stored server-side
  // only; reviewers see the opaque review id. It outlives the deadline a little so late decisions get a
  // clear "expired" answer rather than "unknown".
  await s.reviews.open(review, input.taskToken, input.deadlineSeconds + (policy?.escalationSeconds ?? live.escalationSeconds) + 3600, {
    claim,
    transition: 'review_requested',
    changes: summary,
    event: trailEvent(s, claim.id, 'review.requested', WORKFLOW_ACTOR, { reviewId: review.id, round: review.round, deadline: review.deadline }),
  });
  return reviewStepResult(review.id, await notifyReviewers(s, claim, review, 'review.requested', input.notes));
}

/**
 * Triage's related matches (at most 5) with what the reviewer needs to weigh them: the statement and, for a
 * verdict, its rating. Two reads whatever their number: the matched claims' items (statement, and the
 * latest verdict version of a published one), then those verdict versions.
 */
async function relatedForReviewer(s: Services, claim: Claim): Promise<ReviewRequestData['related']> {
  const related = (claim.triage?.related ?? []).slice(0, 5);
  const base = s.settings.publicBaseUrl;
  const claims = new Map((await s.claims.getMany(related.map((m) => m.claimId))).map((c) => [c.id, c]));
  const versions = related.flatMap((m) => {
    const version = m.kind === 'verdict' ? claims.get(m.claimId)?.verdictVersion : undefined;
    return version === undefined ? [] : [{ claimId: m.claimId, version }];
  });
  const verdicts = new Map((await s.verdicts.getMany(versions)).map((v) => [v.claimId, v]));
  const entries = await Promise.all(
    related.map(async (m) => {
      // A verdict match whose claim item names no version (none is expected): its latest version, read alone.
      const verdict =
        m.kind === 'verdict'
          ? (verdicts.get(m.claimId) ?? (claims.get(m.claimId)?.verdictVersion === undefined ? await s.verdicts.get(m.claimId) : null))
          : null;
      const statement = verdict?.claim.statement ?? claims.get(m.claimId)?.statement;
      if (statement === undefined) return [];
      return [
        {
          kind: m.kind,
          claimId: m.claimId,
          similarity: m.similarity,
          statement,
          url: `${base}/claims/${m.claimId}`,
          ...(verdict
            ? {
                verdict: {
                  rating: { id: verdict.rating.id, label: verdict.rating.label },
                  summary: verdict.summary,
                  publishedAt: verdict.publishedAt,
                  url: `${base}/claims/${m.claimId}/verdict/versions/${verdict.version}`,
                },
              }
            : {}),
        },
      ];
    }),
  );
  return entries.flat();
}

/**
 * Recording a delivered request is retried with these waits before the step gives up on the record. Three
 * writes at most: each of them may take the function's whole SDK budget (3 attempts of 3 s) within the
 * RequestReview function's 60 s timeout.
 */
const RECORD_DELIVERED: Backoff & { retries: number } = { baseMs: 500, maxMs: 2000, jitter: 'equal', retries: 2 };

/**
 * Sends the review's message and records how it went. Returns false when the message was delivered but
 * that could not be recorded (the review stays open with this task's token; its delivery state is unset).
 */
async function notifyReviewers(s: Services, claim: Claim, review: Review, type: ReviewMessageType, notes?: string): Promise<boolean> {
  const endpoint = reviewMessageEndpoint(s, type);
  if (!endpoint) {
    await s.claims.appendEvent(trailEvent(s, claim.id, `${type}.not_sent`, WORKFLOW_ACTOR, { reason: 'no reviewer endpoint configured' }));
    return true;
  }
  const attempts = await s.webhooks.send(endpoint, await reviewRequestMessage(s, claim, review, type, notes));
  // A message that did not get through is retried with backoff by the reconciler (review-delivery.ts). An
  // escalation is a new message (its own webhook-id), so its delivery starts afresh.
  const { delivery: _request, ...forThisMessage } = review;
  const { delivery, event } = reviewRequestDelivery(s, claim.id, type === 'review.requested' ? review : forThisMessage, attempts, WORKFLOW_ACTOR, type);
  // Not delivered: a failure to record that fails the step, and the workflow's Retry asks again.
  if (delivery.state !== 'delivered') {
    await s.reviews.recordDelivery({ id: review.id, claimId: claim.id }, delivery, event);
    return true;
  }
  // Delivered: the reviewers have the request, so this step must not fail now. Failing it would make the
  // workflow's Retry open a new review and send a second request with a new webhook-id, which reviewers
  // cannot de-duplicate (seen under load in `npm run bench` section 4: 2-11 of 200 claims a round). The same
  // record is written again (it may have landed before its answer was lost).
  for (let retry = 1; ; retry++) {
    try {
      await s.reviews.recordDelivery({ id: review.id, claimId: claim.id }, delivery, event);
      return true;
    } catch {
      if (retry > RECORD_DELIVERED.retries) return false;
      await backoff(retry, RECORD_DELIVERED);
    }
  }
}

/** The signed message asking reviewers to decide (or telling the escalation desk); the same id on every resend. */
export async function reviewRequestMessage(
  s: Services,
  claim: Claim,
  review: Review,
  type: 'review.requested' | 'review.escalated',
  notes?: string,
): Promise<{ id: string; type: string; data: ReviewRequestData }> {
  return {
    id: `msg_${review.id}_${type === 'review.requested' ? 'req' : 'esc'}`,
    type,
    data: {
      reviewId: review.id,
      round: review.round,
      deadline: review.deadline,
      approvalsRequired: review.approvalsRequired,
      ...(notes ? { changesRequested: notes } : {}),
      claim: {
        id: claim.id,
        statement: claim.statement,
        claimant: claim.claimant,
        firstAppearance: claim.firstAppearance,
        priority: claim.priority,
        url: `${s.settings.publicBaseUrl}/claims/${claim.id}`,
      },
      triage: claim.triage && {
        language: claim.triage.language.code,
        checkWorthiness: claim.triage.checkWorthiness,
      },
      evidence: (claim.evidence ?? []).slice(0, 5),
      related: await relatedForReviewer(s, claim),
      ratingScale: s.settings.ratingScale.labels.map((l) => ({ id: l.id, label: l.label })),
      respond: {
        url: `${s.settings.publicBaseUrl}/webhooks/review-decisions`,
        format:
          'Standard Webhooks-signed POST with {"type":"review.decision","data":{"reviewId","reviewerId","decision":"approve|reject|request_changes","rating","summary","reason","notes"}}',
      },
    } satisfies ReviewRequestData,
  };
}

/** The first deadline passed: escalate, hand the review a fresh token and a final deadline. */
export async function escalateReviewStep(s: Services, input: { claimId: string; taskToken: string; escalationSeconds: number }): Promise<ReviewStepResult> {
  const claim = await loadClaim(s, input.claimId);
  const review = await s.reviews.currentForClaim(claim.id);
  if (!review) throw new DomainError('not_found', 'no review to escalate');
  // Escalated already (the task asked again after a restart): the final deadline stays where it was.
  const deadline = review.escalated ? review.deadline : new Date(s.clock.now().getTime() + input.escalationSeconds * 1000).toISOString();
  // The fresh token first: a decision landing from now on completes this task.
  await s.reviews.replaceToken(review.id, input.taskToken, input.escalationSeconds + 3600);
  const stillOpen = await s.reviews.setStatus(review.id, 'open', { escalated: true, deadline }, 'open');
  if (!stillOpen) {
    // A decision settled the review between the first deadline and now, when the old token had already
    // timed out: hand it to the workflow here instead of escalating.
    const current = await s.reviews.get(review.id);
    const settled = current && !current.workflowResumedAt ? settledDecisionOf(current) : null;
    if (!current || !settled) throw new DomainError('conflict', `review ${review.id} is ${current?.status ?? 'missing'} and cannot be escalated`);
    await s.claims.appendEvent(trailEvent(s, claim.id, 'review.decided_at_deadline', WORKFLOW_ACTOR, { reviewId: review.id, decision: settled.decision }));
    await s.workflow.completeTask(input.taskToken, { ...settled, reviewId: review.id });
    await s.reviews.setStatus(review.id, current.status, { workflowResumedAt: s.clock.now().toISOString() });
    return { reviewId: review.id };
  }
  const escalatedEvent = trailEvent(s, claim.id, 'review.escalated', WORKFLOW_ACTOR, { reviewId: review.id, deadline });
  if (claim.review?.reviewId === review.id) await s.claims.update(claim.id, { review: { ...claim.review, status: 'escalated' } }, escalatedEvent);
  else await s.claims.appendEvent(escalatedEvent);
  return reviewStepResult(review.id, await notifyReviewers(s, claim, { ...review, deadline, escalated: true }, 'review.escalated'));
}
