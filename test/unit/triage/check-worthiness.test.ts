import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultModelDir, loadCheckWorthinessModels } from '../../../shared/adapters/check-worthiness-model.ts';
import { cuesFor, modelFor, scoreCheckWorthiness, scoreWithModel } from '../../../shared/domain/triage/check-worthiness.ts';
import { cleanForScoring, extractFeatures, genreOf } from '../../../shared/domain/triage/check-worthiness-features.ts';
import { parseCheckWorthinessModel, serializeCheckWorthinessModel } from '../../../shared/domain/triage/check-worthiness-model.ts';
import fixture from '../../fixtures/triage/model-behaviour.json' with { type: 'json' };

// Sentences we wrote ourselves: they prove the shipped model loads and behaves, they measure nothing.
describe('the shipped check-worthiness model', () => {
  it('loads from the committed files: one model per trained language and a multilingual fallback', () => {
    const models = loadCheckWorthinessModels();
    expect([...models.byLanguage.keys()].sort()).toEqual(['ar', 'bg', 'en', 'es', 'tr']);
    expect(models.fallback.language).toBe('multi');
    expect(modelFor('bg').language).toBe('bg');
    expect(modelFor('nl').language).toBe('multi');
    expect(modelFor('und').language).toBe('multi');
    expect(modelFor('es').language).toBe('es');
    expect(cuesFor('en')?.mode).toBe('cues');
    expect(Object.keys(cuesFor('en')?.blend ?? {}).sort()).toEqual(['post', 'sentence']);
    expect(cuesFor('es')).toBeUndefined();
  });

  it('scores deterministically: the same text, the same score, from a freshly parsed file too', () => {
    const text = fixture.pairs[0]!.claim;
    const first = scoreCheckWorthiness(text, 'en');
    expect(scoreCheckWorthiness(text, 'en')).toEqual(first);
    const fresh = parseCheckWorthinessModel(new Uint8Array(readFileSync(`${defaultModelDir()}/en.bin`)));
    const freshCues = parseCheckWorthinessModel(new Uint8Array(readFileSync(`${defaultModelDir()}/en-cues.bin`)));
    expect(scoreWithModel(fresh, text, 'en', undefined, freshCues)).toEqual(first);
    for (const file of ['en.bin', 'en-cues.bin']) {
      const bytes = readFileSync(`${defaultModelDir()}/${file}`);
      expect(Buffer.from(serializeCheckWorthinessModel(parseCheckWorthinessModel(new Uint8Array(bytes)))).equals(bytes)).toBe(true);
    }
  });

  it('refuses a model file whose header this version cannot read, naming the field', () => {
    const model = parseCheckWorthinessModel(new Uint8Array(readFileSync(`${defaultModelDir()}/en-cues.bin`)));
    const rewritten = (header: Record<string, unknown>) => {
      const { weights, ...rest } = model;
      return serializeCheckWorthinessModel({ ...rest, ...header, weights } as typeof model);
    };
    expect(() => parseCheckWorthinessModel(rewritten({ mode: 'bigram' }))).toThrow(/header field mode/);
    expect(() => parseCheckWorthinessModel(rewritten({ blend: { post: { ngram: 1, cues: 1, offset: 0 } } }))).toThrow(/header field blend\.sentence/);
    expect(() => parseCheckWorthinessModel(rewritten({ format: 'factflow-check-worthiness/2' }))).toThrow(/header field format/);
    expect(() => parseCheckWorthinessModel(new TextEncoder().encode('GGUF\0\0\0\0'))).toThrow(/bad magic/);
  });

  it('returns a score in 0..1 with reasons naming what weighed most', () => {
    const result = scoreCheckWorthiness(fixture.pairs[1]!.claim, 'en');
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(1);
    expect(result.reasons.length).toBeGreaterThan(0);
    expect(result.reasons.map((r) => r.description)).toContain('quantity "3,000"');
    for (const r of result.reasons) expect(r.description).not.toBe('');
    const magnitudes = result.reasons.map((r) => Math.abs(r.weight));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
  });

  it.each(fixture.pairs.map((p) => [p.language, p.claim, p.caption] as const))('%s: a caption ranks below a claim (%s)', (language, claim, caption) => {
    expect(scoreCheckWorthiness(caption, language).score).toBeLessThan(scoreCheckWorthiness(claim, language).score);
  });

  it("a URL's, a hashtag's, a handle's or a date's digits do not make a tweet check-worthy", () => {
    const { plain, withNoise, language } = fixture.tweets[0]!;
    expect(cleanForScoring(withNoise)).toBe(plain);
    // Both read as posts (a link marks one); the noisy one's digits change nothing.
    const withLinkOnly = `${plain} https://t.co/abc`;
    expect(genreOf(withNoise)).toBe('post');
    expect(genreOf(withLinkOnly)).toBe('post');
    expect(scoreCheckWorthiness(withNoise, language).score).toBe(scoreCheckWorthiness(withLinkOnly, language).score);
    expect(scoreCheckWorthiness(withNoise, language).reasons.map((r) => r.code)).not.toContain('quantity');
  });

  it("a moderator's line ranks below the same line from a candidate", () => {
    const { line, moderator, candidate } = fixture.debate;
    const asModerator = scoreCheckWorthiness(line, 'en', { speaker: moderator, speakerRole: 'moderator' });
    const asCandidate = scoreCheckWorthiness(line, 'en', { speaker: candidate });
    expect(asModerator.score).toBeLessThan(asCandidate.score);
    expect(asModerator.reasons.map((r) => r.description)).toContain('speaker is a moderator');
  });

  it('Bulgarian and Turkish claims are scored by their own models, without the multilingual note', () => {
    for (const [text, language] of [
      ['Безработицата е спаднала до 4% през миналата година.', 'bg'],
      ['İşsizlik geçen yıl yüzde 4e düştü.', 'tr'],
    ] as const) {
      const result = scoreCheckWorthiness(text, language);
      expect(result.score).toBeGreaterThan(0);
      expect(result.score).toBeLessThan(1);
      expect(result.reasons.some((r) => r.code === 'model')).toBe(false);
    }
  });

  it('a language without its own model is scored by the multilingual model, and the reasons say so', () => {
    const result = scoreCheckWorthiness('De werkloosheid is vorig jaar gedaald tot 4 procent.', 'nl');
    expect(result.reasons.at(-1)).toMatchObject({ code: 'model' });
  });
});

describe('the English blend of n-gram and cue models', () => {
  it('a sentence from a speech and a post are told apart by links, handles and hashtags', () => {
    expect(genreOf('A typical family of four making $75,000 will see their tax bill reduced by $2,000.')).toBe('sentence');
    expect(genreOf('Taxes are going up again @senator #budget')).toBe('post');
  });

  it('a statistic with amounts ranks above an opinion and above a thank-you, and the reasons come from both models', () => {
    const claim = scoreCheckWorthiness('A typical family of four making $75,000 will see their tax bill reduced by $2,000.', 'en');
    const opinion = scoreCheckWorthiness('I think this is a great country and we should be proud of it.', 'en');
    const thanks = scoreCheckWorthiness('Thank you very much, thank you.', 'en');
    expect(claim.score).toBeGreaterThan(opinion.score);
    expect(claim.score).toBeGreaterThan(thanks.score);
    expect(claim.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['quantity', 'statistic_term']));
  });
});

describe('learned cues', () => {
  it('English lexicon cues fire with the words that fired them', () => {
    const fs = extractFeatures('I think unemployment will rise, which is terrible.', 'en', 'cues');
    const byName = new Map(fs.map((f) => [f.name, f.evidence]));
    expect(byName.get('f:opinion')).toBe('I think');
    expect(byName.get('f:statistic')).toBe('unemployment');
    expect(byName.get('f:prediction')).toBe('will');
    expect(byName.get('f:evaluative')).toBe('terrible');
    expect(fs.some((f) => f.name.startsWith('w:') || f.name.startsWith('c:'))).toBe(false);
  });

  const quantityOf = (text: string) => extractFeatures(text, 'en', 'word+char').find((f) => f.name === 'f:quantity')?.evidence;

  it('a real quantity fires, naming the number', () => {
    expect(quantityOf('A typical family of four making $75,000 will save $2,000.')).toBe('$75,000", "$2,000');
    expect(quantityOf('Thirty-six percent, or 36 %, agree.')).toBe('36 %');
  });

  it.each([
    'Soldiers of the 2nd Corps pose next to a KN-23 missile.',
    'COVID-19 vaccines are being shipped.',
    'See https://t.co/x7Y9 and @user42 #G20 now.',
    'The meeting is on March 3, 2020 at 10:30 am.',
    'Elections were held in 2019.',
  ])('no real quantity in %s', (text) => {
    expect(quantityOf(text)).toBeUndefined();
  });

  it('comparisons and attributions are cues of their own, in English, Spanish and Arabic', () => {
    const names = (text: string, lang: string) => extractFeatures(text, lang, 'word+char').map((f) => f.name);
    expect(names('Exports rose more than imports, the minister said.', 'en')).toEqual(expect.arrayContaining(['f:comparison', 'f:attribution']));
    expect(names('Las exportaciones crecieron más que las importaciones, según el ministro.', 'es')).toEqual(
      expect.arrayContaining(['f:comparison', 'f:attribution']),
    );
    expect(names('قال الوزير إن الصادرات أكثر من الواردات', 'ar')).toEqual(expect.arrayContaining(['f:comparison', 'f:attribution']));
  });
});
