/**
 * A published verdict. Versions are immutable: a correction writes version n+1 and the earlier versions
 * stay readable. The records are the contracts' (shared/contracts/verdict.ts, partner.ts).
 */
export type { PartnerNotification, ReviewedClaim, Verdict } from '../contracts/index.ts';
