import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../shared/domain/backoff.ts';

describe('retry backoff (shared/domain/backoff.ts)', () => {
  it('doubles from the base for each retry, the first retry waiting the base', () => {
    const waits = [1, 2, 3, 4].map((n) => backoffDelayMs(n, { baseMs: 100, jitter: 'none' }));
    expect(waits).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than the cap', () => {
    expect(backoffDelayMs(10, { baseMs: 100, maxMs: 500, jitter: 'none' })).toBe(500);
  });

  it('full jitter spreads the wait over [0, d); equal jitter over [d/2, d)', () => {
    const policy = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelayMs(3, { ...policy, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffDelayMs(3, { ...policy, jitter: 'full' }, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, { ...policy, jitter: 'equal' }, () => 0)).toBe(200);
    expect(backoffDelayMs(3, { ...policy, jitter: 'equal' }, () => 0.999)).toBeCloseTo(399.8);
  });
});
