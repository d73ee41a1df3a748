import { describe, expect, it } from 'vitest';
import { evaluateCheckWorthiness, evaluateMatching, loadCheckWorthinessItems, loadMatchingPairs } from '../../evaluation/evaluate-triage.ts';

/**
 * Regression guard: the figures printed by test/evaluation/evaluate-triage.ts must stay above these floors, set a
 * little below what the current lexicons and weights achieve (AP 0.992, MAP 0.909, F1 0.968; matching candidate
 * recall 1.0, precision 0.955, recall 0.933).
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

  it('check-worthiness ranking and threshold decisions stay above the floors', () => {
    const report = evaluateCheckWorthiness(loadCheckWorthinessItems());
    expect(report.ap).toBeGreaterThanOrEqual(0.97);
    expect(report.map).toBeGreaterThanOrEqual(0.88);
    expect(report.atThreshold.f1).toBeGreaterThanOrEqual(0.93);
    expect(report.atThreshold.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('duplicate matching stays above the floors', () => {
    const report = evaluateMatching(loadMatchingPairs());
    expect(report.candidateRecall).toBeGreaterThanOrEqual(0.97);
    expect(report.pipeline.precision).toBeGreaterThanOrEqual(0.93);
    expect(report.pipeline.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.pipeline.f1).toBeGreaterThanOrEqual(0.92);
  });
});
