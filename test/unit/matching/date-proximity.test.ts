/**
 * When a candidate dates from, against when the claim appeared: a fact-check published within days of the claim's
 * appearance is ordered ahead of an equally similar one, and the date never decides duplicate or related.
 */
import { describe, expect, it } from 'vitest';
import { DATE_PROXIMITY, dateProximity } from '../../../shared/domain/matching/rerank.ts';
import { claimSignature, classifyCandidates, normalizeStatement } from '../../../shared/domain/triage/index.ts';

describe('dateProximity', () => {
  it('is 0 when either date is unknown or unreadable', () => {
    expect(dateProximity(undefined, '2024-05-02', 'verdict')).toBe(0);
    expect(dateProximity('2024-05-01', undefined, 'verdict')).toBe(0);
    expect(dateProximity('2024-05-01', 'not a date', 'verdict')).toBe(0);
  });

  it('is 1 for a fact-check published from the day before the claim appeared to a week after, and fades to 0 past that', () => {
    expect(dateProximity('2024-05-01', '2024-05-01', 'verdict')).toBe(1);
    expect(dateProximity('2024-05-01T22:10:00Z', '2024-05-04', 'verdict')).toBe(1);
    expect(dateProximity('2024-05-01', `2024-05-${String(1 + DATE_PROXIMITY.after).padStart(2, '0')}`, 'verdict')).toBe(1);
    const later = dateProximity('2024-05-01', '2024-05-12', 'verdict');
    expect(later).toBeGreaterThan(0);
    expect(later).toBeLessThan(1);
    expect(dateProximity('2024-05-01', '2024-07-01', 'verdict')).toBe(0);
  });

  it('never goes below 0: an old fact-check of a claim that resurfaces is not pushed down', () => {
    expect(dateProximity('2024-05-01', '2019-03-10', 'verdict')).toBe(0);
  });

  it('counts an earlier claim by the distance between the two appearances, either way', () => {
    expect(dateProximity('2024-05-10', '2024-05-05', 'claim')).toBe(1);
    expect(dateProximity('2024-05-10', '2024-05-05', 'verdict')).toBeLessThan(1);
  });
});

describe('classifyCandidates with the date the claim appeared', () => {
  const statement = normalizeStatement('The city council spent £4 million on the new footbridge.');
  const signature = claimSignature(statement);
  // Two fact-checks of the same claim, word for word: the same similarity; "a-old" comes first by id.
  const candidate = (claimId: string, date: string) => ({ kind: 'verdict' as const, claimId, signature, text: statement, retrieval: 1, date });
  const candidates = [candidate('a-old', '2019-06-01'), candidate('b-timely', '2024-05-03')];

  it('orders the fact-check published days after the claim appeared first', () => {
    expect(classifyCandidates(statement, signature, candidates, undefined, '2024-05-01').duplicates.map((m) => m.claimId)).toEqual(['b-timely', 'a-old']);
  });

  it('orders as before without a date, and leaves every similarity and relation as the text alone gives them', () => {
    const without = classifyCandidates(statement, signature, candidates);
    const dated = classifyCandidates(statement, signature, candidates, undefined, '2024-05-01');
    expect(without.duplicates.map((m) => m.claimId)).toEqual(['a-old', 'b-timely']);
    expect(new Set(dated.duplicates)).toEqual(new Set(without.duplicates));
    expect(dated.related).toEqual(without.related);
  });
});
