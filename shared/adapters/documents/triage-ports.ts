/**
 * The document analysis' two ports: the trained check-worthiness scorer in shared/domain/triage/ (with the
 * segment's speaker and neighbours), and the similar-claim index (BM25 candidates, verified here with the rule
 * similarity of the claim signature; moving this to the re-ranker's findMatches is the next step).
 */
import type { CheckWorthinessScorer, ClaimMatch, ClaimMatcher, ScoringContext } from '../../domain/documents/analysis.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../../domain/ports.ts';
import { scoreCheckWorthiness } from '../../domain/triage/check-worthiness.ts';
import { claimSignature, matchSimilarity } from '../../domain/triage/claim-signature.ts';
import { normalizeStatement } from '../../domain/triage/normalize.ts';
import type { CheckWorthiness } from '../../domain/triage/types.ts';

export class TriageCheckWorthinessScorer implements CheckWorthinessScorer {
  score(text: string, language: string, context: ScoringContext): CheckWorthiness {
    // The trained model reads the speaker (a moderator's or audience's turn ranks lower) and the neighbouring sentences.
    return scoreCheckWorthiness(text, language, context);
  }
}

export class IndexClaimMatcher implements ClaimMatcher {
  constructor(
    private readonly index: SimilarClaimIndex,
    private readonly verdicts: VerdictRepository,
    /** At or above this similarity a match is reported (the triage duplicate threshold is stricter). */
    private readonly threshold: number,
    private readonly limit = 3,
  ) {}

  async find(text: string, _language: string): Promise<ClaimMatch[]> {
    const signature = claimSignature(normalizeStatement(text));
    const candidates = await this.index.candidates(signature, 50);
    const scored = candidates
      .map((c) => ({ ...c, similarity: Number(matchSimilarity(signature, c.signature).toFixed(4)) }))
      .filter((c) => c.similarity >= this.threshold)
      .sort((a, b) => b.similarity - a.similarity || (a.kind === 'verdict' ? -1 : 1))
      .slice(0, this.limit);
    const matches: ClaimMatch[] = [];
    for (const c of scored) {
      if (c.kind === 'verdict') {
        const verdict = await this.verdicts.get(c.claimId);
        if (verdict) {
          const day = verdict.publishedAt.slice(0, 10);
          matches.push({
            kind: 'verdict',
            claimId: c.claimId,
            similarity: c.similarity,
            verdict: { rating: verdict.rating.id, label: verdict.rating.label, publishedAt: verdict.publishedAt },
            description: `already checked: rated ${verdict.rating.label} on ${day}`,
          });
          continue;
        }
      }
      matches.push({
        kind: 'claim',
        claimId: c.claimId,
        similarity: c.similarity,
        description: `already submitted as claim ${c.claimId} (similarity ${c.similarity.toFixed(2)})`,
      });
    }
    return matches;
  }
}
