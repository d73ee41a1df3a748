import { describe, expect, it } from 'vitest';
import '../../../shared/adapters/check-worthiness-model.ts';
import { TriageCheckWorthinessScorer } from '../../../shared/adapters/documents/triage-ports.ts';
import { analyseSegments, type ClaimMatcher } from '../../../shared/domain/documents/analysis.ts';
import { segmentTranscript } from '../../../shared/domain/documents/segmentation.ts';
import { modelFor, scoreCheckWorthiness, transcriptModelFor } from '../../../shared/domain/triage/check-worthiness.ts';
import { scoreTranscript, scoreTranscriptWith } from '../../../shared/domain/triage/transcript.ts';

// A transcript we wrote ourselves: it proves the transcript model loads and is used, it measures nothing.
const turns = [
  { speaker: 'HOST', text: 'Good evening and welcome. What will you do about prices? How do you answer your critics?' },
  { speaker: 'MAYOR', text: 'Unemployment fell from 9% to 4% in the four years I have been mayor. We built 3,000 new homes.' },
  { speaker: 'HOST', text: 'Thank you. Is that enough? What about rents?' },
  { speaker: 'MAYOR', text: 'Rents rose by 2% last year, less than in any other city in the state.' },
];
const items = turns.flatMap((t) => t.text.split(/(?<=[.?])\s+/u).map((text) => ({ text, speaker: t.speaker })));

describe('scoring a transcript', () => {
  it('ships an English transcript model', () => {
    expect(transcriptModelFor('en')?.mode).toBe('transcript');
  });

  it("ranks the candidate's quantified claims above the host's questions and courtesies, deterministically", () => {
    const scored = scoreTranscript(items, 'en');
    expect(scored).toHaveLength(items.length);
    expect(scoreTranscript(items, 'en')).toEqual(scored);
    const claim = scored[items.findIndex((s) => s.text.startsWith('Unemployment fell'))]!.score;
    for (const [i, s] of items.entries()) if (s.speaker === 'HOST') expect(scored[i]!.score).toBeLessThan(claim);
  });

  it("gives reasons from the model's features, the speaker and context among them", () => {
    const scored = scoreTranscript(items, 'en');
    for (const r of scored) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThan(1);
    }
    const codes = new Set(scored.flatMap((r) => r.reasons.map((x) => x.code)));
    expect(codes.has('speaker') || codes.has('context')).toBe(true);
  });

  it('scores sentences without speakers one by one, as a single claim is', () => {
    const plain = items.map(({ text }) => ({ text }));
    const scored = scoreTranscript(plain, 'en');
    expect(scored[0]).toEqual(scoreCheckWorthiness(plain[0]!.text, 'en', { next: plain[1]!.text }));
  });

  it('a submitted transcript goes through the transcript model in the document analysis', async () => {
    const { segments } = segmentTranscript(turns);
    const noMatches: ClaimMatcher = { find: async () => [] };
    const { candidates } = await analyseSegments({ scorer: new TriageCheckWorthinessScorer(), matcher: noMatches }, segments, 'en');
    const direct = scoreTranscript(
      segments.map((s) => ({ text: s.text, speaker: s.speaker })),
      'en',
    );
    for (const c of candidates) {
      const i = segments.findIndex((s) => s.id === c.segmentId);
      expect(c.score).toBe(direct[i]!.score);
    }
  });

  it("adds the sentence model's log-odds with the transcript model's ngramShare (the ensemble)", () => {
    const transcript = transcriptModelFor('en')!;
    const logit = (p: number) => Math.log(p / (1 - p));
    const without = scoreTranscriptWith(modelFor('en'), { ...transcript, ngramShare: 0 }, items, 'en');
    const withShare = scoreTranscriptWith(modelFor('en'), { ...transcript, ngramShare: 1 }, items, 'en');
    expect(scoreTranscript(items, 'en')).toEqual(scoreTranscriptWith(modelFor('en'), transcript, items, 'en'));
    const claim = items.findIndex((s) => s.text.startsWith('Unemployment fell'));
    // A share of 1 moves each sentence by its own n-gram log-odds: a claim up, more than a courtesy.
    const gain = (i: number) => logit(withShare[i]!.score) - logit(without[i]!.score);
    const thanks = items.findIndex((s) => s.text === 'Thank you.');
    expect(gain(claim)).toBeGreaterThan(gain(thanks));
  });
});
