import { describe, expect, it } from 'vitest';
import { normalizeStatement } from '../../../shared/domain/triage/normalize.ts';

describe('normalizeStatement', () => {
  it('turns curly quotes and apostrophes into straight ones', () => {
    expect(normalizeStatement('\u201CIt\u2019s false,\u201D she said')).toBe('"It\'s false," she said');
  });

  it('unifies dashes and the minus sign to "-"', () => {
    expect(normalizeStatement('2019\u20132022 \u2014 down \u22123%')).toBe('2019-2022 - down -3%');
  });

  it('removes zero-width and control characters', () => {
    expect(normalizeStatement('unem\u200Bploy\u00ADment\u0007 rate\uFEFF')).toBe('unemployment rate');
  });

  it('applies NFKC and collapses whitespace, including line breaks and non-breaking spaces', () => {
    expect(normalizeStatement('  \uFF21BC\u00A0news\n\n\tdesk  ')).toBe('ABC news desk');
  });

  it('keeps case and wording', () => {
    expect(normalizeStatement('Unemployment fell to 3.9% in March.')).toBe('Unemployment fell to 3.9% in March.');
  });
});
