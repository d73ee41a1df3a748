/**
 * The document analysis' two ports: the trained check-worthiness scorer in shared/domain/triage/ (with the
 * segment's speaker and neighbours), and the matcher: the re-ranker's findMatches over the similar-claim index,
 * with triage's duplicate threshold, so a candidate is "already checked" exactly when triage would close the same
 * statement as a duplicate, and "related" when triage would list it as related.
 */
import type { CheckWorthinessScorer, ClaimMatch, ClaimMatcher, ScoringContext } from '../../domain/documents/analysis.ts';
import { findMatches } from '../../domain/matching/find-matches.ts';
import { MATCH_THRESHOLDS } from '../../domain/matching/rerank.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../../domain/ports.ts';
import { scoreCheckWorthiness } from '../../domain/triage/check-worthiness.ts';
import { scoreTranscript } from '../../domain/triage/transcript.ts';
import type { CheckWorthiness } from '../../domain/triage/types.ts';

export class TriageCheckWorthinessScorer implements CheckWorthinessScorer {
  score(text: string, language: string, context: ScoringContext): CheckWorthiness {
    // The trained model reads the speaker (a moderator's or audience's turn ranks lower) and the neighbouring sentences.
    return scoreCheckWorthiness(text, language, context);
  }

  scoreTranscript(items: ReadonlyArray<{ text: string; speaker?: string }>, language: string): CheckWorthiness[] {
    // The transcript model (en) reads each sentence with its speaker's profile and its neighbours' scores.
    return scoreTranscript(items, language);
  }
}

export class IndexClaimMatcher implements ClaimMatcher {
  constructor(
    private readonly index: SimilarClaimIndex,
    private readonly verdicts: VerdictRepository,
    /** Triage's duplicate threshold (TRIAGE_DUPLICATE_THRESHOLD): the same decision as triage's. */
    private readonly duplicateThreshold: number,
    private readonly limit = 3,
  ) {}

  async find(text: string, language: string, date?: string): Promise<ClaimMatch[]> {
    const found = await findMatches(this.index, text, {
      language,
      limit: this.limit,
      duplicateThreshold: this.duplicateThreshold,
      ...(date !== undefined ? { date } : {}),
    });
    // Duplicates first (best first), then related matches above the re-ranker's related threshold, as triage lists them.
    const ranked = [
      ...found.duplicates.map((m) => ({ ...m, relation: 'duplicate' as const })),
      ...found.related.filter((m) => m.similarity >= MATCH_THRESHOLDS.related).map((m) => ({ ...m, relation: 'related' as const })),
    ].slice(0, this.limit);
    const matches: ClaimMatch[] = [];
    for (const m of ranked) {
      const similarity = `similarity ${m.similarity.toFixed(2)}`;
      if (m.kind === 'verdict') {
        const verdict = await this.verdicts.get(m.claimId);
        if (verdict) {
          const day = verdict.publishedAt.slice(0, 10);
          matches.push({
            kind: 'verdict',
            relation: m.relation,
            claimId: m.claimId,
            similarity: m.similarity,
            verdict: { rating: verdict.rating.id, label: verdict.rating.label, publishedAt: verdict.publishedAt },
            description:
              m.relation === 'duplicate'
                ? `already checked: rated ${verdict.rating.label} on ${day}`
                : `a related fact-check, rated ${verdict.rating.label} on ${day} (${similarity})`,
          });
          continue;
        }
      }
      matches.push({
        kind: 'claim',
        relation: m.relation,
        claimId: m.claimId,
        similarity: m.similarity,
        description: m.relation === 'duplicate' ? `already submitted as claim ${m.claimId} (${similarity})` : `a related claim, ${m.claimId} (${similarity})`,
      });
    }
    return matches;
  }
}
