import type { EvidenceCandidate, EvidenceProvider, EvidenceQuery } from '../../domain/evidence.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../../domain/ports.ts';
import { relevantArchiveMatches } from '../../domain/matching/archive-evidence.ts';
import { archiveVerdictMatches } from '../../domain/triage/archive-matches.ts';
import { RERANK_DEPTH } from '../../domain/matching/rerank.ts';
import { verdictSource } from '../../domain/verdict.ts';
import { claimSignature, normalizeStatement } from '../../domain/triage/index.ts';
import type { DuplicateMatch } from '../../domain/triage/types.ts';

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
    const relevant = relevantArchiveMatches(query.archiveMatches ?? (await this.lookUp(query)), query.limit);
    signal.throwIfAborted();
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

  /**
   * The verdicts at least related to the statement, when triage did not hand them over (archiveVerdictMatches). The
   * query's language is triage's (declared or detected): tokenized in it, as triage indexed and looked the claim up.
   */
  private async lookUp(query: EvidenceQuery): Promise<DuplicateMatch[]> {
    const text = normalizeStatement(query.statement);
    const signature = claimSignature(text, query.language);
    return archiveVerdictMatches(text, signature, await this.index.candidates(signature, RERANK_DEPTH), query.claimId);
  }
}
