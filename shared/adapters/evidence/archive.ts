import type { EvidenceCandidate, EvidenceProvider, EvidenceQuery } from '../../domain/evidence.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../../domain/ports.ts';
import { claimSignature, matchSimilarity } from '../../domain/triage/index.ts';

/**
 * Our own archive of published verdicts, found through the same near-duplicate index triage uses: a few
 * DynamoDB reads however large the archive grows.
 */
export class ArchiveEvidenceProvider implements EvidenceProvider {
  readonly name = 'archive';

  constructor(
    private readonly index: SimilarClaimIndex,
    private readonly verdicts: VerdictRepository,
    private readonly publicBaseUrl: string,
    private readonly publisher = 'factflow',
  ) {}

  async search(query: EvidenceQuery, signal: AbortSignal): Promise<EvidenceCandidate[]> {
    const signature = claimSignature(query.statement);
    const entries = (await this.index.candidates(signature, 50)).filter((e) => e.kind === 'verdict' && e.claimId !== query.claimId);
    signal.throwIfAborted();
    const scored = entries
      .map((e) => ({ e, similarity: matchSimilarity(signature, e.signature) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, query.limit);
    const verdicts = await Promise.all(scored.map(({ e }) => this.verdicts.get(e.claimId)));
    return verdicts.flatMap((v) =>
      v
        ? [
            {
              url: `${this.publicBaseUrl}/verdicts/${v.claimId}/versions/${v.version}`,
              title: `${v.rating.label}: ${v.claim.statement}`,
              snippet: v.summary,
              publisher: this.publisher,
              publishedAt: v.publishedAt,
              sourceRating: v.rating.label,
            },
          ]
        : [],
    );
  }
}
