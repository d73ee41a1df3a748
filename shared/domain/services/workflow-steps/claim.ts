/** The claim a workflow step works on; an execution without its claim cannot happen (claims are written first). */
import type { Claim } from '../../claim.ts';
import { DomainError } from '../../errors.ts';
import type { Services } from '../context.ts';

export async function loadClaim(s: Services, claimId: string): Promise<Claim> {
  const claim = await s.claims.get(claimId);
  // An execution without a claim cannot happen (claims are written first); fail loudly if it does.
  if (!claim) throw new DomainError('not_found', `claim ${claimId} does not exist`);
  return claim;
}
