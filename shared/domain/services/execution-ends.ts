/**
 * No execution ends without its claim knowing. The workflow records its own failures (every Task catches
 * into RecordFailure), but some endings never reach a Catch: `States.Runtime` errors, an execution
 * timeout, a StopExecution from outside the API. Step Functions reports every ending as a status change;
 * this records an unhappy one on the claim if the claim is still open. A claim already closed (published,
 * withdrawn — a withdrawal stops the execution itself —, failed and recorded by RecordFailure) is left as
 * it is. Safe to repeat: EventBridge delivers at least once.
 */
import { terminalStatuses } from '../claim.ts';
import { DomainError } from '../errors.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from './context.ts';

import type { ExecutionEndOutcome, UnhappyExecutionStatus } from '../../contracts/index.ts';

export type { ExecutionEndOutcome, UnhappyExecutionStatus } from '../../contracts/index.ts';

/** The part of the EventBridge event (contract: executionStatusChange) this service acts on, with the claim read from the execution's name. */
export interface ExecutionEnd {
  claimId: string;
  status: UnhappyExecutionStatus;
  error?: string;
  cause?: string;
}

const MAX_CAUSE = 2000;

export async function recordExecutionEnd(s: Services, end: ExecutionEnd): Promise<{ outcome: ExecutionEndOutcome }> {
  const claim = await s.claims.get(end.claimId);
  if (!claim) return { outcome: 'no_such_claim' };
  if (terminalStatuses.has(claim.status)) return { outcome: 'claim_already_closed' };

  const cause = end.cause?.slice(0, MAX_CAUSE);
  const reason = `the workflow execution ended ${end.status}${end.error ? `: ${end.error}` : ''}${cause ? `: ${cause}` : ''}`.slice(0, MAX_CAUSE);
  // Nothing waits for a decision any more: close the open review, so a late decision gets 409.
  const review = await s.reviews.currentForClaim(claim.id);
  if (review?.status === 'open' && review.kind !== 'correction') await s.reviews.setStatus(review.id, 'cancelled', {}, 'open');
  try {
    await s.claims.transition(
      claim,
      'workflow_failed',
      { closedReason: reason },
      trailEvent(s, claim.id, 'claim.failed', WORKFLOW_ACTOR, {
        reason,
        executionStatus: end.status,
        ...(end.error ? { error: end.error } : {}),
        ...(cause ? { cause } : {}),
      }),
    );
    return { outcome: 'claim_failed' };
  } catch (err) {
    // Closed meanwhile (a last step committed, a withdrawal): its trail already says why.
    if (err instanceof DomainError && err.kind === 'conflict') return { outcome: 'claim_already_closed' };
    throw err;
  }
}
