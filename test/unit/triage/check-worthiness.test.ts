import { describe, expect, it } from 'vitest';
import { scoreCheckWorthiness } from '../../../shared/domain/triage/check-worthiness.ts';
import { defaultTriageThresholds } from '../../../shared/domain/triage/types.ts';

const threshold = defaultTriageThresholds.checkWorthy;
const score = (text: string, language = 'en') => scoreCheckWorthiness(text, language);
const codes = (text: string, language = 'en') => score(text, language).reasons.map((r) => r.code);

describe('scoreCheckWorthiness', () => {
  it('a statistic with a percentage, a date and a source ranks high', () => {
    const result = score('Unemployment fell to 3.9% in March, the lowest level in two years, the statistics office said.');
    expect(result.score).toBeGreaterThan(0.8);
  });

  it('reasons name the quantity found', () => {
    const result = score('The city council spent $4.2 million on consultants in 2023.');
    const quantity = result.reasons.find((r) => r.code === 'quantity');
    expect(quantity?.description).toContain('"$4200000"');
    expect(quantity?.weight).toBeGreaterThan(0);
  });

  it('reasons name the people, places and organizations found', () => {
    const result = score('Senator Karen Whitfield voted against the infrastructure package in Ohio.');
    const entity = result.reasons.find((r) => r.code === 'named_entity');
    expect(entity?.description).toContain('Karen Whitfield');
  });

  it('scores are always strictly between 0 and 1', () => {
    for (const text of ['Is it?', 'Unemployment fell to 3.9% in March, more than 4,000 jobs, the highest in Ohio.', '']) {
      const { score: s } = score(text);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
  });

  it('questions score low, even with a number in them', () => {
    expect(score('Did unemployment really fall to 3.9% in March?').score).toBeLessThan(threshold);
    expect(codes('Is that true?')).toContain('question');
  });

  it('opinions score low', () => {
    expect(score('I think the government should resign.').score).toBeLessThan(threshold);
    expect(score('This budget is a disgrace and an insult to every family.').score).toBeLessThan(threshold);
    expect(codes("The mayor's handling of the crisis has been shameful.")).toContain('evaluative');
  });

  it('predictions score low', () => {
    expect(score('The economy will grow by 2.1% in 2025, the central bank forecast.').score).toBeLessThan(threshold);
    expect(codes('Inflation is expected to fall next year.')).toContain('prediction');
  });

  it('image captions score low, including participle fragments without a finite verb', () => {
    expect(score('Pictured: protesters gathering outside the parliament building in Lisbon.').score).toBeLessThan(threshold);
    expect(codes('Firefighters battling the blaze near Santa Rosa.')).toContain('fragment');
  });

  it('pure attributions and bare denials score low', () => {
    expect(score('Senator Maria Lopez said in a statement on Tuesday.').score).toBeLessThan(threshold);
    expect(codes('The minister denied the report.')).toContain('pure_attribution');
  });

  it('an attribution with a checkable figure still ranks high', () => {
    expect(score('The minister said hospital waiting lists had fallen by 200,000 since January.').score).toBeGreaterThan(threshold);
  });

  it('comparisons count as factual signals', () => {
    expect(codes('Nigeria has the largest population in Africa.')).toContain('comparison');
  });

  it('non-English text gets only language-independent signals, and says so', () => {
    const result = score('Le chômage a baissé à 7,3 % au troisième trimestre.', 'fr');
    expect(result.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['quantity', 'language_limited']));
    expect(result.score).toBeGreaterThan(threshold);
    expect(score('Est-ce que le gouvernement va vraiment augmenter les impôts ?', 'fr').score).toBeLessThan(threshold);
  });
});
