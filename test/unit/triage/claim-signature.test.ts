import { describe, expect, it } from 'vitest';
import { claimSignature, LSH_BANDS, matchSimilarity, RULE_DUPLICATE_THRESHOLD } from '../../../shared/domain/triage/claim-signature.ts';
import { normalizeStatement } from '../../../shared/domain/triage/normalize.ts';

const sig = (text: string) => claimSignature(normalizeStatement(text));
const similarity = (a: string, b: string) => matchSimilarity(sig(a), sig(b));
const shareBand = (a: string, b: string) => {
  const bands = new Set(sig(b).bands);
  return sig(a).bands.some((k) => bands.has(k));
};
const original = 'Unemployment fell to 3.9% in March';

describe('claimSignature', () => {
  it('folds newsroom rewordings into the same canonical tokens', () => {
    expect(sig(original).tokens).toEqual(sig('The jobless rate dropped to 3.9 percent last March').tokens);
  });

  it('normalizes numbers written with separators, in words and with scale words', () => {
    expect(sig('3,000 homes').quantities).toEqual(['3000']);
    expect(sig('three thousand homes').quantities).toEqual(['3000']);
    expect(sig('3000 homes').quantities).toEqual(['3000']);
    expect(sig('$4.5 million').quantities).toEqual(['$4500000']);
    expect(sig('4.5m dollars').quantities).toEqual(['$4500000']);
    expect(sig('3.9 per cent').quantities).toEqual(['3.9%']);
  });

  it('extracts dates as ISO-like quantities', () => {
    expect(sig('in March 2024').quantities).toEqual(['2024-03']);
    expect(sig('on 3 March 2024').quantities).toEqual(['2024-03-03']);
    expect(sig('last March').quantities).toEqual(['--03']);
  });

  it('extracts the direction of change, and ignores particles such as "shut down"', () => {
    expect(sig('Prices went up').direction).toBe('up');
    expect(sig('The jobless rate declined').direction).toBe('down');
    expect(sig('Germany shut down three plants').direction).toBeNull();
  });

  it('fingerprint is the sha256 of the sorted canonical token set', () => {
    const s = sig(original);
    expect(s.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(s.fingerprint).toBe(sig('In March, unemployment fell to 3.9%.').fingerprint);
  });

  it('band keys are short strings, one per band', () => {
    const { bands } = sig(original);
    expect(bands).toHaveLength(LSH_BANDS);
    for (const key of bands) expect(key).toMatch(/^b\d+:[0-9a-f]{8}$/);
  });

  it('is deterministic', () => {
    expect(sig(original)).toEqual(sig(original));
  });

  it('a statement without content has no band keys and matches nothing', () => {
    const empty = sig('It is what it is.');
    expect(empty.bands).toEqual([]);
    expect(matchSimilarity(empty, empty)).toBe(0);
  });
});

describe('matchSimilarity', () => {
  // matchSimilarity is the rule score (now a re-ranker feature); 0.8 was its duplicate threshold.
  const threshold = RULE_DUPLICATE_THRESHOLD;

  it('a reworded unemployment claim matches its original', () => {
    const reworded = 'The jobless rate dropped to 3.9 percent last March';
    expect(similarity(original, reworded)).toBeGreaterThanOrEqual(0.8);
    expect(shareBand(original, reworded)).toBe(true);
  });

  it('a rewording that adds the source still matches', () => {
    expect(similarity(original, 'The jobless rate dropped to 3.9 percent in March, the Labor Department said.')).toBeGreaterThanOrEqual(threshold);
  });

  it('a reversed direction does not match', () => {
    expect(similarity(original, 'Unemployment rose to 3.9% in March')).toBeLessThan(0.5);
  });

  it('a changed number and direction do not match', () => {
    expect(similarity(original, 'Unemployment rose to 4.2% in March')).toBeLessThan(0.5);
  });

  it('a changed number does not match', () => {
    expect(similarity(original, 'Unemployment fell to 4.2% in March')).toBeLessThan(0.5);
  });

  it('a different month or year does not match', () => {
    expect(similarity(original, 'Unemployment fell to 3.9% in April')).toBeLessThan(0.5);
    expect(similarity('The city spent $4.2 million in 2023.', 'The city spent $4.2 million in 2021.')).toBeLessThan(0.5);
  });

  it('a negated claim does not match', () => {
    expect(similarity('The company paid federal income tax in 2022.', 'The company did not pay federal income tax in 2022.')).toBeLessThan(threshold);
  });

  it('a different country named in place of the original does not match', () => {
    expect(similarity("Ireland's corporate tax receipts have tripled since 2014.", "Portugal's corporate tax receipts have tripled since 2014.")).toBeLessThan(
      0.5,
    );
  });

  it('is symmetric and in 0..1', () => {
    const a = sig(original);
    const b = sig('The jobless rate dropped to 3.9 percent in March, the Labor Department said.');
    expect(matchSimilarity(a, b)).toBe(matchSimilarity(b, a));
    expect(matchSimilarity(a, a)).toBe(1);
  });
});
