import { describe, expect, it } from 'vitest';
import { claimSignature, defaultTriageThresholds, normalizeStatement, triageClaim } from '../../../shared/domain/triage/index.ts';

const signatureOf = (text: string) => claimSignature(normalizeStatement(text));
const earlier = 'Unemployment fell to 3.9% in March, the Labor Department said.';

describe('triageClaim', () => {
  it('a check-worthy claim without duplicates continues', () => {
    const result = triageClaim({ statement: '  Unemployment fell to 3.9\u00A0% in March, the lowest level in two years.  ' }, [], defaultTriageThresholds);
    expect(result.outcome).toBe('continue');
    expect(result.normalizedStatement).toBe('Unemployment fell to 3.9 % in March, the lowest level in two years.');
    expect(result.language).toEqual({ code: 'en', detected: true });
    expect(result.duplicateOf).toBeNull();
    expect(result.outcomeReason).toMatch(/meets the threshold/);
  });

  it('a claim below the threshold is not closed: it continues with priority low, naming the strongest signal', () => {
    const result = triageClaim({ statement: 'I think the government should resign.' }, [], defaultTriageThresholds);
    expect(result.checkWorthiness.score).toBeLessThan(defaultTriageThresholds.checkWorthy);
    expect(result.outcome).toBe('continue');
    expect(result.priority).toBe('low');
    expect(result.outcomeReason).toMatch(/below the threshold .*strongest signal: .*priority low/);
  });

  it('auto-close is a policy the operator opts into', () => {
    const result = triageClaim({ statement: 'I think the government should resign.' }, [], { ...defaultTriageThresholds, autoCloseNotCheckWorthy: true });
    expect(result.outcome).toBe('not_check_worthy');
    expect(result.outcomeReason).toMatch(/operator enabled auto-close/);
  });

  it('a claim at or above the threshold has normal priority', () => {
    const result = triageClaim({ statement: 'Unemployment fell to 3.9% in March, the lowest level in two years.' }, [], defaultTriageThresholds);
    expect(result.priority).toBe('normal');
  });

  it('a rewording of an earlier claim is a duplicate of it', () => {
    const result = triageClaim(
      { statement: 'The jobless rate dropped to 3.9 percent last March.' },
      [{ kind: 'claim', claimId: 'C1', signature: signatureOf(earlier) }],
      defaultTriageThresholds,
    );
    expect(result.outcome).toBe('duplicate');
    expect(result.duplicateOf).toMatchObject({ kind: 'claim', claimId: 'C1' });
    expect(result.outcomeReason).toContain('C1');
  });

  it('a candidate asserting a different figure is not a duplicate', () => {
    const result = triageClaim(
      { statement: 'Unemployment rose to 4.2% in March.' },
      [{ kind: 'claim', claimId: 'C1', signature: signatureOf(earlier) }],
      defaultTriageThresholds,
    );
    expect(result.duplicateOf).toBeNull();
    expect(result.outcome).toBe('continue');
  });

  it('a published verdict beats an earlier claim at equal similarity', () => {
    const signature = signatureOf(earlier);
    const result = triageClaim(
      { statement: earlier },
      [
        { kind: 'claim', claimId: 'C1', signature },
        { kind: 'verdict', claimId: 'C2', signature },
      ],
      defaultTriageThresholds,
    );
    expect(result.duplicateOf).toEqual({ kind: 'verdict', claimId: 'C2', similarity: 1 });
    expect(result.outcomeReason).toMatch(/published verdict/);
  });

  it('a closer earlier claim beats a less similar verdict', () => {
    const result = triageClaim(
      { statement: 'Unemployment fell to 3.9% in March.' },
      [
        { kind: 'verdict', claimId: 'V', signature: signatureOf(earlier) },
        { kind: 'claim', claimId: 'C', signature: signatureOf('In March unemployment fell to 3.9%.') },
      ],
      defaultTriageThresholds,
    );
    expect(result.duplicateOf?.claimId).toBe('C');
  });

  it('a duplicate takes precedence over not check-worthy', () => {
    const opinion = 'I think the government should resign.';
    const result = triageClaim({ statement: opinion }, [{ kind: 'claim', claimId: 'C9', signature: signatureOf(opinion) }], defaultTriageThresholds);
    expect(result.checkWorthiness.score).toBeLessThan(defaultTriageThresholds.checkWorthy);
    expect(result.outcome).toBe('duplicate');
  });

  it('uses the language given by the submitter', () => {
    const result = triageClaim({ statement: 'Unemployment fell to 3.9% in March.', language: 'pt' }, [], defaultTriageThresholds);
    expect(result.language).toEqual({ code: 'pt', detected: false });
    expect(result.checkWorthiness.reasons.map((r) => r.code)).toContain('model');
  });
});
