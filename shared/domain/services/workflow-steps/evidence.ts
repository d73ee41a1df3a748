/** The GatherEvidence (one provider) and RecordEvidence states. */
import { rankEvidence } from '../../evidence-ranking.ts';
import type { EvidenceProvider, ProviderOutcome } from '../../evidence.ts';
import { runProvider } from '../../evidence-gathering.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from '../context.ts';
import type { ClaimQuery } from '../../../contracts/index.ts';
import { claimQueryFor } from './claim.ts';

export interface ProviderResultSummary {
  provider: string;
  outcome: ProviderOutcome;
}

/**
 * Queries one provider for one claim. Never throws for provider failures: they are recorded and skipped.
 * `carried` is the claim's query as Triage answered it this round; without it (a later round) the claim is read.
 */
export async function gatherFromProvider(
  s: Services,
  claimId: string,
  providerName: string,
  timeoutMs: number,
  carried?: ClaimQuery | null,
): Promise<ProviderOutcome> {
  const provider: EvidenceProvider | undefined = s.providers.find((p) => p.name === providerName);
  const retrievedAt = s.clock.now().toISOString();
  if (!provider) {
    return { provider: providerName, ok: false, retrievedAt, error: { code: 'misconfigured', message: `provider "${providerName}" is not configured` } };
  }
  const query = await claimQueryFor(s, claimId, carried);
  const outcome = await runProvider(
    provider,
    {
      claimId,
      statement: query.statement,
      language: query.language,
      claimantName: query.claimantName,
      limit: 10,
      ...(query.archiveMatches ? { archiveMatches: query.archiveMatches } : {}),
    },
    { timeoutMs, retries: 2, backoffMs: 200 },
  );
  return outcome;
}

/** Ranks and records the round's evidence; `carried` as for gatherFromProvider. */
export async function recordEvidenceStep(
  s: Services,
  claimId: string,
  outcomes: ProviderOutcome[],
  round: number,
  carried?: ClaimQuery | null,
): Promise<{ evidenceCount: number }> {
  const query = await claimQueryFor(s, claimId, carried);
  const claim = { id: claimId, createdAt: query.createdAt };
  const evidence = rankEvidence(query.statement, outcomes, { limit: s.settings.evidenceLimit });
  const providerOutcomes = outcomes.map((o) => ({
    provider: o.provider,
    ok: o.ok,
    retrievedAt: o.retrievedAt,
    count: o.ok ? o.candidates.length : 0,
    ...(o.ok ? {} : { error: o.error }),
  }));
  await s.claims.transition(
    claim,
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
