/**
 * Stop words apply by the text's language: German "war" ("was") is dropped from German text only, and the other
 * foreign stop words that are English words (son, hat, plus, un, el...) are kept in English and undetermined text.
 */
import { describe, expect, it } from 'vitest';
import { InMemorySimilarClaimIndex } from '../../../shared/adapters/memory/similar-claim-index.ts';
import { canonicalTokens } from '../../../shared/domain/triage/canonical-tokens.ts';
import { claimSignature, normalizeStatement } from '../../../shared/domain/triage/index.ts';
import { ENGLISH_CLASHES, stopWordsFor } from '../../../shared/domain/triage/stop-words.ts';

const tokens = (text: string, language?: string) => canonicalTokens(normalizeStatement(text), language).tokens;

describe('stop words by language', () => {
  it('keeps "war" in English and undetermined text and drops it from German', () => {
    expect(tokens('The war in Ukraine cost 3,000 lives', 'en')).toContain('war');
    expect(tokens('The war in Ukraine cost 3,000 lives', 'und')).toContain('war');
    expect(tokens('Der Krieg war eine Lüge', 'de')).not.toContain('war');
    expect(tokens('Der Krieg war eine Lüge', 'de')).toContain('krieg');
  });

  it('detects the language when the caller does not give it', () => {
    expect(claimSignature(normalizeStatement('The war in Ukraine has cost thousands of lives')).tokens).toContain('war');
    expect(claimSignature(normalizeStatement('Die Regierung war nicht bereit, die Steuern zu senken')).tokens).not.toContain('war');
  });

  it('keeps the foreign stop words that are English words in English text', () => {
    const t = tokens('His son wore a hat at the UN, plus a con man from El Paso', 'en');
    for (const w of ['son', 'hat', 'un', 'plus', 'con', 'el']) expect(t).toContain(w);
    for (const w of ENGLISH_CLASHES) {
      expect(stopWordsFor('en').has(w)).toBe(false);
      expect(stopWordsFor('und').has(w)).toBe(false);
    }
  });

  it('drops each language its own stop words, and still the English ones', () => {
    expect(tokens('Su hijo son dos', 'es')).not.toContain('son');
    expect(tokens('Il a dit que son fils est mort', 'fr')).not.toContain('son');
    expect(tokens('The minister said the tax rose', 'de')).not.toContain('the');
    expect(tokens('La tasa de paro de la región subió a un 12%', 'es')).toEqual(['tasa', 'paro', 'región', 'dir:up', '12%']);
    const german = tokens('Die Steuer wird bei Rentnern auch erhöht, sagt sie, dass es nicht stimmt', 'de');
    for (const w of ['wird', 'bei', 'auch', 'dass', 'es']) expect(german).not.toContain(w);
    // The negation stays a term.
    expect(german).toContain('nicht');
  });

  it('reads "die" as the verb in English and as the article in German', () => {
    expect(tokens('Thousands die of the flu', 'en')).toContain('death');
    expect(tokens('Die Regierung lügt', 'de')).not.toContain('death');
    expect(tokens('Die Regierung lügt', 'de')).not.toContain('die');
  });

  it('finds a German claim from its rewording', async () => {
    const index = new InMemorySimilarClaimIndex();
    const add = (claimId: string, text: string) => {
      const n = normalizeStatement(text);
      return index.add({ kind: 'verdict', claimId, signature: claimSignature(n, 'de'), text: n });
    };
    await add('de-1', 'Die Arbeitslosigkeit war im März so hoch wie nie zuvor');
    await add('de-2', 'Der Krieg in der Ukraine kostet Deutschland jeden Monat eine Milliarde Euro');
    await add('de-3', 'Die Impfung verändert das Erbgut der Geimpften');
    const query = normalizeStatement('Die Impfung hat das Erbgut verändert, sagt ein Arzt');
    const [best] = await index.candidates(claimSignature(query, 'de'), 3);
    expect(best?.claimId).toBe('de-3');
  });
});
