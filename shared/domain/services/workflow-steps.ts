/**
 * What each step of the claim workflow does. The Lambda handlers in functions/workflow are thin wrappers
 * around these; the state machine in infra/ decides the order.
 */
import type { ReviewRequestData } from '../../contracts/webhooks.ts';
import type { Claim } from '../claim.ts';
import { DomainError } from '../errors.ts';
import { rankEvidence } from '../evidence-ranking.ts';
import type { EvidenceProvider, ProviderOutcome } from '../evidence.ts';
import { findRating } from '../rating-scale.ts';
import { approvalsRequiredFor, type CapturedReviewPolicy, type Review, type SettledDecision } from '../review.ts';
import { claimLifecycle, terminalStatuses } from '../claim.ts';
import { assessStatement, claimSignature, decideTriage, normalizeStatement } from '../triage/index.ts';
import type { TriageOutcome } from '../triage/types.ts';
import type { PartnerNotification, Verdict } from '../verdict.ts';
import { runProvider } from '../evidence-gathering.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from './context.ts';
import { settledDecisionOf } from './sign-off.ts';
import { type ReviewMessageType, recordReviewRequestDelivery, reviewMessageEndpoint } from './review-delivery.ts';

async function loadClaim(s: Services, claimId: string): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  // An execution without a claim cannot happen (claims are written first); fail loudly if it does.
  if (!claim) throw new DomainError('not_found', `claim ${claimId} does not exist`);
  return claim;
}

// ---------------------------------------------------------------------------------------------- triage

/**
 * A verdict's index entry: the claim's normalized statement as triage recorded it (the text its own index
 * entry was made from), so a verdict and its claim match new submissions the same way.
 */
function verdictEntry(claim: Claim) {
  const text = claim.triage?.normalizedStatement ?? normalizeStatement(claim.statement);
  return { kind: 'verdict' as const, claimId: claim.id, signature: claimSignature(text), text: text.slice(0, 1000) };
}

export async function triageStep(s: Services, claimId: string): Promise<{ outcome: TriageOutcome }> {
  const claim = await loadClaim(s, claimId);
  // Run again (the workflow's automated steps are at-least-once) after the claim moved on from triage: the
  // outcome it recorded stands, and the claim is not moved back.
  if (claim.triage && claim.status !== 'received' && claim.status !== 'triaging') return { outcome: claim.triage.outcome };
  await s.claims.transition(claimId, 'triage_started', {}, trailEvent(s, claimId, 'triage.started', WORKFLOW_ACTOR));

  // The statement is assessed (normalized, language, check-worthiness model, signature) once; deciding
  // again after dropping a candidate below only re-ranks the candidates.
  const assessment = assessStatement({ statement: claim.statement, ...(claim.language ? { language: claim.language } : {}) });
  const { signature } = assessment;
  let candidates = (await s.similarClaims.candidates(signature, 25)).filter((c) => c.claimId !== claimId);
  let result = decideTriage(assessment, candidates, s.settings.triageThresholds);

  // A duplicate of an earlier claim closes this one only while that claim is open or has its verdict; an
  // earlier claim closed without one (withdrawn, failed) is linked but this claim goes on in its place.
  let linkedTo: string | undefined;
  const closedWithoutVerdict = async (id: string) => {
    const earlier = await s.claims.get(id);
    return earlier !== null && terminalStatuses.has(earlier.status) && earlier.status !== 'published';
  };
  if (result.duplicateOf?.kind === 'claim' && (await closedWithoutVerdict(result.duplicateOf.claimId))) {
    linkedTo = result.duplicateOf.claimId;
    candidates = candidates.filter((c) => c.claimId !== linkedTo);
    result = decideTriage(assessment, candidates, s.settings.triageThresholds);
  }

  // The same statement submitted many times at once: nobody is in the index yet, so one conditional write
  // on the fingerprint elects the claim that goes on; the others are its duplicates.
  if (result.outcome === 'continue' && signature.tokens.length > 0) {
    let owner = await s.similarClaims.reserveFingerprint(signature.fingerprint, claimId);
    if (owner !== claimId && (await closedWithoutVerdict(owner))) {
      linkedTo ??= owner;
      owner = await s.similarClaims.reserveFingerprint(signature.fingerprint, claimId, owner);
    }
    if (owner !== claimId) {
      result = {
        ...result,
        outcome: 'duplicate',
        duplicateOf: { kind: 'claim', claimId: owner, similarity: 1 },
        outcomeReason: `Same statement as earlier claim ${owner} (exact match after normalization).`,
      };
    }
  }

  const detail = {
    outcome: result.outcome,
    score: result.checkWorthiness.score,
    reason: result.outcomeReason,
    ...(linkedTo ? { linkedTo } : {}),
    ...(result.related?.length ? { related: result.related } : {}),
  };
  switch (result.outcome) {
    case 'not_check_worthy':
      await s.claims.transition(
        claimId,
        'triaged_not_check_worthy',
        { triage: result, closedReason: result.outcomeReason },
        trailEvent(s, claimId, 'triage.not_check_worthy', WORKFLOW_ACTOR, detail),
      );
      break;
    case 'duplicate':
      await s.claims.transition(
        claimId,
        'triaged_duplicate',
        { triage: result, closedReason: result.outcomeReason },
        trailEvent(s, claimId, 'triage.duplicate', WORKFLOW_ACTOR, { ...detail, duplicateOf: result.duplicateOf }),
      );
      break;
    case 'continue':
      await s.claims.update(
        claimId,
        { triage: result, ...(result.priority === 'low' && claim.priority !== 'high' ? { priority: 'low' as const } : {}) },
        trailEvent(s, claimId, 'triage.completed', WORKFLOW_ACTOR, detail),
      );
      // Index the claim only when it goes on: closed claims should not shadow future submissions.
      await s.similarClaims.add({ kind: 'claim', claimId, signature, text: result.normalizedStatement.slice(0, 1000) });
      break;
  }
  return { outcome: result.outcome };
}

// ------------------------------------------------------------------------------------ source gathering

export interface ProviderResultSummary {
  provider: string;
  outcome: ProviderOutcome;
}

/** Queries one provider for one claim. Never throws for provider failures: they are recorded and skipped. */
export async function gatherFromProvider(s: Services, claimId: string, providerName: string, timeoutMs: number): Promise<ProviderOutcome> {
  const claim = await loadClaim(s, claimId);
  const provider: EvidenceProvider | undefined = s.providers.find((p) => p.name === providerName);
  const retrievedAt = s.clock.now().toISOString();
  if (!provider) {
    return { provider: providerName, ok: false, retrievedAt, error: { code: 'misconfigured', message: `provider "${providerName}" is not configured` } };
  }
  const outcome = await runProvider(
    provider,
    {
      claimId,
      statement: claim.triage?.normalizedStatement ?? claim.statement,
      language: claim.triage?.language.code ?? claim.language ?? 'en',
      claimantName: claim.claimant.name,
      limit: 10,
    },
    { timeoutMs, retries: 2, backoffMs: 200 },
  );
  if (!outcome.ok) return outcome;
  // Keep the state payload small (Step Functions allows 256 KB): cap snippets and candidates.
  return { ...outcome, candidates: outcome.candidates.slice(0, 10).map((c) => ({ ...c, ...(c.snippet ? { snippet: c.snippet.slice(0, 500) } : {}) })) };
}

export async function recordEvidenceStep(s: Services, claimId: string, outcomes: ProviderOutcome[], round: number): Promise<{ evidenceCount: number }> {
  const claim = await loadClaim(s, claimId);
  const evidence = rankEvidence(claim.triage?.normalizedStatement ?? claim.statement, outcomes, { limit: s.settings.evidenceLimit });
  const providerOutcomes = outcomes.map((o) => ({
    provider: o.provider,
    ok: o.ok,
    retrievedAt: o.retrievedAt,
    count: o.ok ? o.candidates.length : 0,
    ...(o.ok ? {} : { error: o.error }),
  }));
  await s.claims.transition(
    claimId,
    'evidence_gathering_started',
    { evidence, providerOutcomes },
    trailEvent(s, claimId, 'evidence.gathered', WORKFLOW_ACTOR, {
      round,
      evidence: evidence.length,
      providers: providerOutcomes.map((p) => (p.ok ? `${p.provider}: ${p.count}` : `${p.provider}: failed (${p.error?.code})`)),
    }),
  );
  return { evidenceCount: evidence.length };
}

// --------------------------------------------------------------------------------------------- sign-off

export interface ReviewRequestInput {
  claimId: string;
  taskToken: string;
  round: number;
  deadlineSeconds: number;
  notes?: string;
  /** The policy captured at submission (the execution input); absent for executions started before it was passed. */
  policy?: CapturedReviewPolicy;
}

/** Opens a review for the claim's current round and asks the reviewers, by signed webhook, to decide. */
export async function requestReviewStep(s: Services, input: ReviewRequestInput): Promise<{ reviewId: string }> {
  const claim = await loadClaim(s, input.claimId);
  // A review still open for this claim was asked by an earlier attempt of this task (a retry, or a local
  // restart); its token is dead, so close it before asking again: a late decision on it gets 409, not a
  // recorded decision the workflow never sees.
  const previous = await s.reviews.currentForClaim(claim.id);
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
    transition: 'review_requested',
    changes: summary,
    event: trailEvent(s, claim.id, 'review.requested', WORKFLOW_ACTOR, { reviewId: review.id, round: review.round, deadline: review.deadline }),
  });
  await notifyReviewers(s, claim, review, 'review.requested', input.notes);
  return { reviewId: review.id };
}

/** Triage's related matches (at most 5) with what the reviewer needs to weigh them: the statement and, for a verdict, its rating. */
async function relatedForReviewer(s: Services, claim: Claim): Promise<ReviewRequestData['related']> {
  const related = claim.triage?.related ?? [];
  const base = s.settings.publicBaseUrl;
  const entries = await Promise.all(
    related.slice(0, 5).map(async (m) => {
      const verdict = m.kind === 'verdict' ? await s.verdicts.get(m.claimId) : null;
      const statement = verdict?.claim.statement ?? (await s.claims.get(m.claimId))?.statement;
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

async function notifyReviewers(s: Services, claim: Claim, review: Review, type: ReviewMessageType, notes?: string): Promise<void> {
  const endpoint = reviewMessageEndpoint(s, type);
  if (!endpoint) {
    await s.claims.appendEvent(trailEvent(s, claim.id, `${type}.not_sent`, WORKFLOW_ACTOR, { reason: 'no reviewer endpoint configured' }));
    return;
  }
  const attempts = await s.webhooks.send(endpoint, await reviewRequestMessage(s, claim, review, type, notes));
  // A message that did not get through is retried with backoff by the reconciler (review-delivery.ts). An
  // escalation is a new message (its own webhook-id), so its delivery starts afresh.
  const { delivery: _request, ...forThisMessage } = review;
  await recordReviewRequestDelivery(s, claim.id, type === 'review.requested' ? review : forThisMessage, attempts, WORKFLOW_ACTOR, type);
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
export async function escalateReviewStep(s: Services, input: { claimId: string; taskToken: string; escalationSeconds: number }): Promise<{ reviewId: string }> {
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
  await notifyReviewers(s, claim, { ...review, deadline, escalated: true }, 'review.escalated');
  return { reviewId: review.id };
}

// --------------------------------------------------------------------------------------------- publish

export async function publishStep(s: Services, claimId: string, decision: Extract<SettledDecision, { decision: 'approve' }>): Promise<{ version: number }> {
  const claim = await loadClaim(s, claimId);
  const rating = findRating(s.settings.ratingScale, decision.rating);
  if (!rating) throw new DomainError('invalid', `rating "${decision.rating}" is not on the scale`);
  // The workflow publishes a claim's first verdict only (later versions are corrections, with their own
  // review). A claim already published means this is a replay of a publish that succeeded: done.
  if (claim.status === 'published' && claim.verdictVersion) {
    await s.similarClaims.add(verdictEntry(claim));
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
  await s.similarClaims.add(verdictEntry(claim));
  return { version };
}

// ------------------------------------------------------------------------------------------------ close

export type { CloseOutcome } from '../../contracts/index.ts';
import type { CloseOutcome } from '../../contracts/index.ts';

export async function closeStep(s: Services, claimId: string, outcome: CloseOutcome, reason: string): Promise<{ status: string }> {
  const claim = await s.claims.get(claimId);
  if (!claim) return { status: 'missing' };
  const transition = outcome === 'rejected' ? 'review_rejected' : outcome === 'review_expired' ? 'review_expired' : 'workflow_failed';
  const review = await s.reviews.currentForClaim(claimId);
  if (review && outcome === 'review_expired') await s.reviews.setStatus(review.id, 'expired');
  // The claim's review summary follows the review: an expired review no longer reads "open".
  const summary =
    outcome === 'review_expired' && claim.review?.reviewId === review?.id && claim.review ? { review: { ...claim.review, status: 'expired' as const } } : {};
  try {
    await s.claims.transition(
      claimId,
      transition,
      { closedReason: reason, ...summary },
      trailEvent(s, claimId, `claim.${outcome}`, WORKFLOW_ACTOR, { reason }),
    );
    return { status: claimLifecycle[transition].to };
  } catch (err) {
    // Already closed (withdrawn while a step ran, say): the trail already says why.
    if (err instanceof DomainError && err.kind === 'conflict') return { status: claim.status };
    throw err;
  }
}
