/** The Triage state: assess the statement once, decide (duplicate, not check-worthy, continue), index a claim that goes on. */
import { terminalStatuses } from '../../claim.ts';
import type { TriageOutcome } from '../../triage/types.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from '../context.ts';
import { assessStatement, decideTriage } from '../../triage/index.ts';
import type { ClaimQuery } from '../../../contracts/index.ts';
import { claimQueryOf, loadClaim } from './claim.ts';
import { archiveVerdictMatches } from '../../triage/archive-matches.ts';
import { RERANK_DEPTH } from '../../matching/rerank.ts';

/**
 * Answers the outcome and, for a claim that goes on, its query (claimQueryOf): the round's source
 * gathering and recording take it from the state instead of reading the claim again.
 */
export async function triageStep(s: Services, claimId: string): Promise<{ outcome: TriageOutcome; claim?: ClaimQuery }> {
  const claim = await loadClaim(s, claimId);
  // Run again (the workflow's automated steps are at-least-once) after the claim moved on from triage: the
  // outcome it recorded stands, and the claim is not moved back.
  if (claim.triage && claim.status !== 'received' && claim.status !== 'triaging') {
    const { outcome } = claim.triage;
    return outcome === 'continue' ? { outcome, claim: claimQueryOf(claim) } : { outcome };
  }
  // The start is recorded with the outcome, in one write (the trail event keeps the start's time and
  // comes first): an interrupted triage leaves the claim as it was, and the step runs again from the top.
  const started = trailEvent(s, claimId, 'triage.started', WORKFLOW_ACTOR);

  // The statement is assessed (normalized, language, check-worthiness model, signature) once; deciding
  // again after dropping a candidate below only re-ranks the candidates.
  const appeared = claim.firstAppearance.date;
  const assessment = assessStatement({ statement: claim.statement, date: appeared, ...(claim.language ? { language: claim.language } : {}) });
  const { signature } = assessment;
  // One lookup serves triage and the archive evidence provider (archive-matches.ts).
  const found = await s.similarClaims.candidates(signature, RERANK_DEPTH);
  let candidates = found.filter((c) => c.claimId !== claimId);
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
      await s.claims.transition(claim, 'triaged_not_check_worthy', { triage: result, closedReason: result.outcomeReason }, [
        started,
        trailEvent(s, claimId, 'triage.not_check_worthy', WORKFLOW_ACTOR, detail),
      ]);
      break;
    case 'duplicate':
      await s.claims.transition(claim, 'triaged_duplicate', { triage: result, closedReason: result.outcomeReason }, [
        started,
        trailEvent(s, claimId, 'triage.duplicate', WORKFLOW_ACTOR, { ...detail, duplicateOf: result.duplicateOf }),
      ]);
      break;
    case 'continue':
      // The claim waits in triaging for its evidence (RecordEvidence moves it on).
      await s.claims.transition(
        claim,
        'triage_started',
        { triage: result, ...(result.priority === 'low' && claim.priority !== 'high' ? { priority: 'low' as const } : {}) },
        [started, trailEvent(s, claimId, 'triage.completed', WORKFLOW_ACTOR, detail)],
      );
      // Index the claim only when it goes on: closed claims should not shadow future submissions. The lookup
      // above read the shards its terms go to, so the index knows which exist and which are full.
      await s.similarClaims.add({ kind: 'claim', claimId, signature, text: result.normalizedStatement.slice(0, 1000), date: appeared.slice(0, 10) }, found);
      return {
        outcome: result.outcome,
        claim: { ...claimQueryOf(claim, result), archiveMatches: archiveVerdictMatches(assessment.normalizedStatement, signature, found, claimId) },
      };
  }
  return { outcome: result.outcome };
}
