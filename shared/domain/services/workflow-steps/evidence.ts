/** The GatherEvidence (one provider) and RecordEvidence states. */
import { rankEvidence } from '../../evidence-ranking.ts';
import type { EvidenceProvider, ProviderOutcome } from '../../evidence.ts';
import { runProvider } from '../../evidence-gathering.ts';
import { trailEvent, WORKFLOW_ACTOR, type Services } from '../context.ts';
import { loadClaim } from './claim.ts';

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
  return outcome;
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
