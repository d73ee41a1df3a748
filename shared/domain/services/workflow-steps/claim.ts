/** The claim a workflow step works on; an execution without its claim cannot happen (claims are written first). */
import type { ClaimQuery } from '../../../contracts/index.ts';
import type { Claim } from '../../claim.ts';
import { DomainError } from '../../errors.ts';
import type { TriageResult } from '../../triage/types.ts';
import type { Services } from '../context.ts';

export async function loadClaim(s: Services, claimId: string): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  // An execution without a claim cannot happen (claims are written first); fail loudly if it does.
  if (!claim) throw new DomainError('not_found', `claim ${claimId} does not exist`);
  return claim;
}

/** What source gathering needs of a claim (its triage's normalized statement and language when triaged). */
export function claimQueryOf(claim: Claim, triage: TriageResult | undefined = claim.triage): ClaimQuery {
  return {
    statement: triage?.normalizedStatement ?? claim.statement,
    language: triage?.language.code ?? claim.language ?? 'en',
    claimantName: claim.claimant.name,
    createdAt: claim.createdAt,
  };
}

/** The query Triage carried through the round, or the claim's own when none was (a later round). */
export async function claimQueryFor(s: Services, claimId: string, carried: ClaimQuery | null | undefined): Promise<ClaimQuery> {
  return carried ?? claimQueryOf(await loadClaim(s, claimId));
}
