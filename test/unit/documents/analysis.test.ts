import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TriageCheckWorthinessScorer } from '../../../shared/adapters/documents/triage-ports.ts';
import { analyseSegments, groupRewordings, type ClaimMatcher } from '../../../shared/domain/documents/analysis.ts';
import { segmentDocument } from '../../../shared/domain/documents/segmentation.ts';
import { averagePrecision, evaluateDocuments } from '../../evaluation/evaluate-documents.ts';

const text = readFileSync(new URL('../../fixtures/documents/nk-troops.txt', import.meta.url), 'utf8');
const noMatches: ClaimMatcher = { find: async () => [] };

describe('ranking a document', () => {
  it('ranks only sentences; headline, byline, captions, pull quotes and Read more lines are never candidates', async () => {
    const segments = segmentDocument({ text });
    const { candidates } = await analyseSegments({ scorer: new TriageCheckWorthinessScorer(), matcher: noMatches }, segments, 'en');
    const sentenceIds = segments.filter((s) => s.kind === 'sentence').map((s) => s.id);
    expect(candidates.map((c) => c.segmentId).sort()).toEqual([...sentenceIds].sort());
    expect(candidates.map((c) => c.rank)).toEqual(candidates.map((_, i) => i + 1));
  });

  it('passes each sentence its neighbours and speaker, and lowers denials with a named reason', async () => {
    const seen: Array<{ text: string; previous?: string; next?: string }> = [];
    const scorer = {
      score: (t: string, _l: string, ctx: { previous?: string; next?: string }) => {
        seen.push({ text: t, ...ctx });
        return { score: 0.8, reasons: [] };
      },
    };
    const segments = segmentDocument({ text: 'Prices rose by 3.9% in March, the ONS said.\nThe minister denied that prices rose.\nWages grew by 6%.' });
    const { candidates } = await analyseSegments({ scorer, matcher: noMatches }, segments, 'en');
    expect(seen[1]).toEqual({
      text: 'The minister denied that prices rose.',
      previous: 'Prices rose by 3.9% in March, the ONS said.',
      next: 'Wages grew by 6%.',
    });
    const denial = candidates.find((c) => c.sentence.startsWith('The minister denied'))!;
    expect(denial.reasons.map((r) => r.code)).toEqual(['denial_quote']);
    expect(denial.score).toBeLessThan(0.8);
    expect(denial.rank).toBe(3);
  });

  it('shows what the matcher found for a candidate', async () => {
    const matcher: ClaimMatcher = {
      find: async (statement) =>
        statement.startsWith('Some 3,000')
          ? [
              {
                kind: 'verdict',
                relation: 'duplicate',
                claimId: 'C1',
                similarity: 0.91,
                verdict: { rating: 'mostly-false', label: 'Mostly false', publishedAt: '2024-10-12T10:00:00Z' },
                description: 'already checked: rated Mostly false on 2024-10-12',
              },
            ]
          : [],
    };
    const { candidates } = await analyseSegments({ scorer: new TriageCheckWorthinessScorer(), matcher }, segmentDocument({ text }), 'en');
    expect(candidates.find((c) => c.sentence.startsWith('Some 3,000'))!.matches[0]!.description).toBe('already checked: rated Mostly false on 2024-10-12');
  });

  it('matches each candidate as of the date the document appeared', async () => {
    const dates = new Set<string | undefined>();
    const matcher: ClaimMatcher = {
      find: async (_statement, _language, date) => {
        dates.add(date);
        return [];
      },
    };
    await analyseSegments({ scorer: new TriageCheckWorthinessScorer(), matcher }, segmentDocument({ text }), 'en', { date: '2024-10-11' });
    expect([...dates]).toEqual(['2024-10-11']);
  });

  it('groups rewordings of one claim, not different claims', () => {
    const groups = groupRewordings([
      { segmentId: 's1', statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.' },
      { segmentId: 's2', statement: 'The number of North Korean troops was "nowhere near 3,000".' },
      { segmentId: 's3', statement: "Russia's economy grew by 3.6% in 2023." },
    ]);
    expect(groups).toEqual([{ id: 'g1', segmentIds: ['s1', 's2'] }]);
  });
});

describe('the evaluation on our own labelled articles', () => {
  it('computes average precision', () => {
    expect(averagePrecision([true, false, true], 2)).toBeCloseTo((1 + 2 / 3) / 2);
    expect(averagePrecision([false, false], 1)).toBe(0);
  });

  it('covers at least five articles from different publishers, every label found in its text', async () => {
    const results = await evaluateDocuments();
    expect(results.length).toBeGreaterThanOrEqual(5);
    expect(new Set(results.map((r) => r.publisher)).size).toBe(results.length);
    for (const r of results) expect(r.labelled).toBeGreaterThan(0);
  });
});
