/**
 * A published verdict. Versions are immutable: a correction writes version n+1 and the earlier versions
 * stay readable. The records are the contracts' (shared/contracts/verdict.ts, partner.ts).
 */
import type { Verdict, VerdictSource } from '../contracts/index.ts';

export type { PartnerNotification, ReviewedClaim, Verdict, VerdictSource } from '../contracts/index.ts';

/**
 * Who published an imported verdict. Verdicts imported before `source` was stored carry the same facts in
 * their import evidence record, so no stored item needs rewriting.
 */
export function verdictSource(verdict: Verdict): VerdictSource | undefined {
  if (verdict.source) return verdict.source;
  const imported = verdict.evidence.find((e) => e.provider === 'import');
  return imported?.publisher ? { publisher: imported.publisher, url: imported.url } : undefined;
}
