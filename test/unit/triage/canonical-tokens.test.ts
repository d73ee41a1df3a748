/**
 * Word forms the matcher once got wrong, each found in the CheckThat! train tweets: a word that stemmed into the
 * negation, a name read as a direction, a preposition read as a comparison, and forms of one word kept apart.
 */
import { describe, expect, it } from 'vitest';
import { canonicalTokens } from '../../../shared/domain/triage/canonical-tokens.ts';
import { claimSignature } from '../../../shared/domain/triage/claim-signature.ts';
import { normalizeStatement } from '../../../shared/domain/triage/normalize.ts';

const tokens = (text: string) => canonicalTokens(normalizeStatement(text)).tokens;

describe('canonical tokens', () => {
  it('does not stem "notes" into the negation "not"', () => {
    expect(tokens('He notes that the vaccine works')).toEqual(['note', 'vaccine', 'work']);
    expect(tokens('A note on the vaccine')).toContain('note');
    expect(tokens('The vaccine does not work')).toContain('not');
  });

  it('reads "Rose" as a name, not the "up" direction, beside another name or mid-sentence', () => {
    expect(tokens('Rose McGowan said it')).toEqual(['rose', 'mcgowan']);
    expect(tokens('Pete Rose was banned from baseball')).toEqual(['pet', 'rose', 'ban', 'baseball']);
    expect(claimSignature(normalizeStatement('Pete Rose was banned from baseball')).direction).toBeNull();
  });

  it('keeps "rose" the "up" direction where it is the verb, in a sentence or a Title Case headline', () => {
    expect(tokens('Unemployment rose to 5%')).toEqual(['unemployment', 'dir:up', '5%']);
    expect(tokens('Unemployment Rose To 5% In March')).toContain('dir:up');
  });

  it('makes "over" a comparison only before a number', () => {
    expect(tokens('over 3,000 troops')).toEqual(['more', '3000', 'troop']);
    expect(tokens('over $5 million')).toEqual(['more', '$5000000']);
    expect(tokens('a dispute over revenue')).not.toContain('more');
  });

  it('reads thousands grouped with a dot or a space as one count in the languages that write them so', () => {
    const quantities = (text: string, language?: string) => canonicalTokens(normalizeStatement(text), language).quantities;
    expect(quantities('Unos 3.000 soldados norcoreanos luchan en Ucrania', 'es')).toEqual(['3000']);
    expect(quantities('Unos 3000 soldados norcoreanos luchan en Ucrania', 'es')).toEqual(['3000']);
    expect(quantities('Plus de 3\u00a0000 soldats nord-coréens', 'fr')).toEqual(['3000']);
    expect(quantities('Der Bund gab 1.250.000 Euro aus', 'de')).toEqual(['€1250000']);
    // The comma stays their decimal mark.
    expect(quantities('Die Arbeitslosenquote lag bei 3,9 Prozent', 'de')).toEqual(['3.9%']);
    // English and undetermined text: "3.000" is a decimal, "2020 100" two numbers.
    expect(quantities('The index closed at 3.000', 'en')).toEqual(['3']);
    expect(quantities('The index closed at 3.000')).toEqual(['3']);
    expect(quantities('In 2020 100 people came', 'en')).toEqual(['2020', '100']);
  });

  it('reads numeric dates day-first in the languages that write them so, as the written-out date', () => {
    const dates = (text: string, language?: string) => canonicalTokens(normalizeStatement(text), language).dates;
    expect(dates('Die Wahl fand am 3.10.2024 statt', 'de')).toEqual(dates('Die Wahl fand am 3. Oktober 2024 statt', 'de'));
    expect(dates('Die Wahl fand am 3.10.2024 statt', 'de')).toEqual(['2024-10-03']);
    expect(dates('La elección fue el 3/10/2024', 'es')).toEqual(['2024-10-03']);
    expect(dates('La elección fue el 3 de octubre de 2024', 'es')).toEqual(['2024-10-03']);
    expect(dates('A eleição foi em 3 de outubro de 2024', 'pt')).toEqual(['2024-10-03']);
    expect(dates('Le elezioni del 3 ottobre 2024', 'it')).toEqual(['2024-10-03']);
    expect(dates('Eleições em 3 de março de 2024', 'pt')).toEqual(dates('Eleições em 3/3/2024', 'pt'));
    // Not a date: no month 13. American text stays month-first and unread.
    expect(dates('Le vote du 31.13.2024', 'fr')).toEqual(['2024']);
    expect(dates('The vote was on 10/3/2024', 'en')).toEqual(['2024']);
  });

  it('folds die, dies, died, dying and dead together, and kid with kids', () => {
    const death = ['People die every day', 'A man dies', 'The boy died', 'A dying patient', 'Two dead'].map((t) => tokens(t).includes('death'));
    expect(death).toEqual([true, true, true, true, true]);
    expect(tokens('a kid')).toEqual(tokens('kids'));
  });

  it('folds a demonym, singular or plural, into its country, and soldiers with troops', () => {
    expect(tokens('North Korean soldiers')).toEqual(tokens('North Korea troops'));
    expect(tokens('Russians')).toEqual(tokens('Russia'));
    expect(tokens('the Ukrainian army')).toEqual(tokens('the Ukraine army'));
    expect(tokens('South Korean')).not.toEqual(tokens('North Korean'));
  });

  it('drops the weekday a report gives, as a token and as a name', () => {
    expect(tokens('Officials said on Tuesday that troops joined')).toEqual(tokens('Officials said that troops joined'));
    expect(claimSignature(normalizeStatement('Officials said on Tuesday that troops joined'), 'en').entities).toEqual([]);
  });

  it('reads COVID-19, COVID19, SARS-CoV-2 and the coronavirus as one disease, and the 19 as no quantity', () => {
    const names = ['COVID-19 vaccines', 'Covid19 vaccines', 'SARS-CoV-2 vaccines', 'coronavirus vaccines', 'covid vaccines'];
    expect(new Set(names.map((n) => tokens(n).join(' ')))).toEqual(new Set(['covid vaccine']));
    expect(canonicalTokens(normalizeStatement('COVID-19 killed 300 people in Texas')).quantities).toEqual(['300']);
  });

  it('leaves "polish" the verb, not Poland', () => {
    expect(tokens('Polish the shoes')).not.toEqual(tokens('Poland the shoes'));
  });

  it('leaves the German article "die" alone', () => {
    expect(tokens('Die Regierung hat gesagt')).not.toContain('death');
  });
});
