import type { EvidenceCandidate, EvidenceProvider, EvidenceQuery } from '../../domain/evidence.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../../domain/ports.ts';
import { relevantArchiveMatches } from '../../domain/matching/archive-evidence.ts';
import { verdictSource } from '../../domain/verdict.ts';
import { classifyCandidates, claimSignature, normalizeStatement } from '../../domain/triage/index.ts';

/**
 * Our own archive of published (and imported) verdicts, found through the same BM25 index and re-ranker triage
 * uses: a few DynamoDB reads however large the archive grows. Only verdicts the re-ranker finds relevant
 * reach the reviewer, best first (domain/matching/archive-evidence.ts); an imported verdict is credited to
 * the outlet that published it.
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
    const text = normalizeStatement(query.statement);
    const signature = claimSignature(text);
    const entries = (await this.index.candidates(signature, 30)).filter((e) => e.kind === 'verdict' && e.claimId !== query.claimId);
    signal.throwIfAborted();
    const { duplicates, related } = classifyCandidates(text, signature, entries);
    const relevant = relevantArchiveMatches([...duplicates, ...related], query.limit);
    const verdicts = await Promise.all(relevant.map((m) => this.verdicts.get(m.claimId)));
    return verdicts.flatMap((v) =>
      v
        ? [
            {
              url: `${this.publicBaseUrl}/claims/${v.claimId}/verdict/versions/${v.version}`,
              title: `${v.rating.label}: ${v.claim.statement}`,
              snippet: v.summary,
              publisher: verdictSource(v)?.publisher ?? this.publisher,
              publishedAt: v.publishedAt,
              sourceRating: v.rating.label,
            },
          ]
        : [],
    );
  }
}
