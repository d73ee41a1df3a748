import { describe, expect, it } from 'vitest';
import { detectLanguage, ISO_639_1_CODES, isKnownLanguageCode } from '../../../shared/domain/triage/language.ts';

describe('detectLanguage', () => {
  it('a short English question is English, not Scots', () => {
    expect(detectLanguage('Is that true?')).toEqual({ code: 'en', detected: true });
  });

  it('very short text is undetermined', () => {
    expect(detectLanguage('Is it?').code).toBe('und');
  });

  it.each([
    ["Le chômage a baissé à 7,3 % au troisième trimestre, selon l'Insee.", 'fr'],
    ['El Gobierno gastó 3.500 millones de euros en ayudas a la energía en 2022.', 'es'],
    ['Die Zahl der Asylanträge stieg 2023 um 51 Prozent auf 329.000.', 'de'],
    ['Unemployment fell to 3.9% in March, the lowest level in two years.', 'en'],
  ])('detects the language of %s as %s (ISO 639-1)', (text, code) => {
    expect(detectLanguage(text)).toEqual({ code, detected: true });
  });

  it('uses a valid language given by the submitter instead of detecting', () => {
    expect(detectLanguage('Unemployment fell to 3.9% in March.', 'FR')).toEqual({ code: 'fr', detected: false });
  });

  it('ignores an invalid given language and detects instead', () => {
    expect(detectLanguage('Unemployment fell to 3.9% in March, the lowest in years.', 'english')).toEqual({
      code: 'en',
      detected: true,
    });
  });
});

describe('isKnownLanguageCode', () => {
  it('accepts ISO 639-1 codes in any case and rejects others', () => {
    expect(isKnownLanguageCode('en')).toBe(true);
    expect(isKnownLanguageCode('PT')).toBe(true);
    expect(isKnownLanguageCode('eng')).toBe(false);
    expect(isKnownLanguageCode('und')).toBe(false);
    expect(isKnownLanguageCode('xx')).toBe(false);
  });

  it('lists the current two-letter codes, without deprecated ones', () => {
    expect(ISO_639_1_CODES.length).toBeGreaterThanOrEqual(180);
    expect(ISO_639_1_CODES).toEqual(expect.arrayContaining(['en', 'fr', 'zh', 'ar', 'sw']));
    expect(ISO_639_1_CODES).not.toContain('iw');
    expect(ISO_639_1_CODES.every((c) => /^[a-z]{2}$/.test(c))).toBe(true);
  });
});
