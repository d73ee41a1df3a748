import { describe, expect, it } from 'vitest';
import { evaluateMatching, loadCheckWorthinessItems, loadMatchingPairs } from '../../evaluation/evaluate-triage.ts';

/**
 * Regression guard for matching: the figures printed by test/evaluation/evaluate-triage.ts must stay above these
 * floors (candidate recall 1.0, precision 0.955, recall 0.933). Check-worthiness has no floor on our own fixtures:
 * it is measured on the public CheckThat! dev splits by npm run eval:triage, and its tests assert behaviour.
 */
describe('triage evaluation on the fixtures', () => {
  it('has enough labelled data, roughly balanced', () => {
    const items = loadCheckWorthinessItems();
    const pairs = loadMatchingPairs();
    expect(items.length).toBeGreaterThanOrEqual(150);
    const worthy = items.filter((i) => i.checkWorthy).length / items.length;
    expect(worthy).toBeGreaterThan(0.4);
    expect(worthy).toBeLessThan(0.6);
    expect(pairs.length).toBeGreaterThanOrEqual(50);
  });

  it('duplicate matching stays above the floors', () => {
    const report = evaluateMatching(loadMatchingPairs());
    expect(report.candidateRecall).toBeGreaterThanOrEqual(0.97);
    expect(report.pipeline.precision).toBeGreaterThanOrEqual(0.93);
    expect(report.pipeline.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.pipeline.f1).toBeGreaterThanOrEqual(0.92);
  });
});
