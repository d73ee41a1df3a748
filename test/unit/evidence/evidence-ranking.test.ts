import { describe, expect, it } from 'vitest';
import type { EvidenceCandidate, ProviderOutcome } from '../../../shared/domain/evidence.ts';
import { bm25Scores, rankEvidence, tokenize } from '../../../shared/domain/evidence-ranking.ts';

const AT = '2025-01-01T00:00:00.000Z';
const ok = (provider: string, candidates: EvidenceCandidate[]): ProviderOutcome => ({ provider, ok: true, retrievedAt: AT, candidates });
const failed = (provider: string): ProviderOutcome => ({
  provider,
  ok: false,
  retrievedAt: AT,
  error: { code: 'timeout', message: 'x' },
});

const STATEMENT = 'The moon landing was faked in a film studio';

describe('tokenize', () => {
  it('lower-cases, folds diacritics, splits on non letters/numbers and drops stop words and single letters', () => {
    expect(tokenize('The Moon-landing WAS faked in a Studio, café 5G 1969 & x!')).toEqual(['moon', 'landing', 'faked', 'studio', 'cafe', '5g', '1969']);
  });

  it('keeps letters of non-Latin scripts', () => {
    expect(tokenize('Луна посадка')).toEqual(['луна', 'посадка']);
  });
});

describe('bm25Scores', () => {
  it('scores zero for documents without query terms and more for more matching terms', () => {
    const [none, one, two] = bm25Scores(['moon', 'studio'], [['cats'], ['moon', 'rocket'], ['moon', 'studio']]);
    expect(none).toBe(0);
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one!);
  });

  it('weights rare terms above common ones (idf stays positive when a term is in every document)', () => {
    // "moon" is in every document, "studio" in one.
    const [common, rare] = bm25Scores(
      ['moon', 'studio'],
      [
        ['moon', 'a1'],
        ['moon', 'studio'],
        ['moon', 'b1'],
      ],
    );
    expect(common).toBeGreaterThan(0);
    expect(rare! - common!).toBeGreaterThan(common!);
  });

  it('penalizes long documents for the same term frequency (b = 0.75)', () => {
    const [short, long] = bm25Scores(
      ['moon'],
      [
        ['moon', 'x'],
        ['moon', 'a', 'b', 'c', 'd', 'e', 'f', 'g'],
      ],
    );
    expect(short).toBeGreaterThan(long!);
  });
});

describe('rankEvidence', () => {
  it('ranks the result about the claim first and normalizes relevance to 0..1', () => {
    const records = rankEvidence(
      STATEMENT,
      [
        ok('mediawiki', [
          { url: 'https://en.wikipedia.org/wiki/Apollo_program', title: 'Apollo program', snippet: 'NASA human spaceflight program' },
          { url: 'https://en.wikipedia.org/wiki/Cheese', title: 'Cheese', snippet: 'A dairy product' },
        ]),
        ok('google-fact-check', [
          {
            url: 'https://factcheck.example/moon',
            title: 'No, the moon landing was not faked in a studio',
            snippet: 'Claims the landing was filmed in a studio are false',
            sourceRating: 'False',
          },
        ]),
      ],
      { limit: 10 },
    );

    expect(records.map((r) => r.title)).toEqual(['No, the moon landing was not faked in a studio', 'Apollo program', 'Cheese']);
    expect(records[0]).toMatchObject({
      relevance: 1,
      provider: 'google-fact-check',
      canonicalUrl: 'https://factcheck.example/moon',
      retrievedAt: AT,
    });
    expect(records[1]!.relevance).toBe(0);
    for (const r of records) expect(r.relevance).toBeGreaterThanOrEqual(0);
  });

  it('collapses canonical-URL variants into one record, preferring the one with a sourceRating and filling gaps from the others', () => {
    const records = rankEvidence(
      STATEMENT,
      [
        ok('mediawiki', [
          {
            url: 'http://www.factcheck.example/moon/?utm_source=x',
            title: 'Moon landing studio claim',
            snippet: 'A longer snippet about the moon landing studio claim',
            publisher: 'FactCheck',
          },
        ]),
        ok('google-fact-check', [
          { url: 'https://factcheck.example/moon#top', title: 'Moon landing faked? No', sourceRating: 'False', publishedAt: '2024-01-01T00:00:00.000Z' },
        ]),
        ok('example-search', [{ url: 'https://factcheck.example/moon?fbclid=1', title: 'Moon landing (copy)' }]),
      ],
      { limit: 10 },
    );

    expect(records).toHaveLength(1);
    expect(records[0]).toEqual({
      url: 'https://factcheck.example/moon#top',
      title: 'Moon landing faked? No',
      sourceRating: 'False',
      publishedAt: '2024-01-01T00:00:00.000Z',
      snippet: 'A longer snippet about the moon landing studio claim',
      publisher: 'FactCheck',
      canonicalUrl: 'https://factcheck.example/moon',
      provider: 'google-fact-check',
      retrievedAt: AT,
      relevance: 1,
    });
  });

  it('without a sourceRating, keeps the richer duplicate, then the higher-priority provider', () => {
    const richer = rankEvidence(
      STATEMENT,
      [
        ok('a', [{ url: 'https://x.example/p', title: 'Moon' }]),
        ok('b', [{ url: 'https://x.example/p/', title: 'Moon landing', snippet: 'studio', publisher: 'X' }]),
      ],
      { limit: 5 },
    );
    expect(richer[0]).toMatchObject({ provider: 'b', title: 'Moon landing' });

    const tie = rankEvidence(
      STATEMENT,
      [ok('a', [{ url: 'https://x.example/p', title: 'Moon A' }]), ok('b', [{ url: 'https://x.example/p/', title: 'Moon B' }])],
      { limit: 5, providerPriority: ['b', 'a'] },
    );
    expect(tie[0]).toMatchObject({ provider: 'b', title: 'Moon B' });
  });

  it('breaks relevance ties by provider priority, then by URL', () => {
    const records = rankEvidence(
      'unrelated words',
      [
        ok('low', [{ url: 'https://a.example/1', title: 'Alpha' }]),
        ok('high', [
          { url: 'https://z.example/2', title: 'Zulu' },
          { url: 'https://m.example/3', title: 'Mike' },
        ]),
      ],
      { limit: 10, providerPriority: ['high', 'low'] },
    );
    expect(records.map((r) => r.url)).toEqual(['https://m.example/3', 'https://z.example/2', 'https://a.example/1']);
    expect(records.every((r) => r.relevance === 0)).toBe(true);
  });

  it('uses the order of outcomes as provider priority by default', () => {
    const records = rankEvidence(
      'x',
      [ok('second', []), ok('first', [{ url: 'https://a.example', title: 'A' }]), ok('second', [{ url: 'https://b.example', title: 'B' }])],
      { limit: 10 },
    );
    expect(records.map((r) => r.provider)).toEqual(['second', 'first']);
  });

  it('caps the result at limit, keeping the most relevant', () => {
    const candidates = Array.from({ length: 8 }, (_, i) => ({
      url: `https://n.example/${i}`,
      title: i === 5 ? 'Moon landing faked in studio' : `Unrelated ${i}`,
    }));
    const records = rankEvidence(STATEMENT, [ok('p', candidates)], { limit: 3 });
    expect(records).toHaveLength(3);
    expect(records[0]!.url).toBe('https://n.example/5');
    expect(rankEvidence(STATEMENT, [ok('p', candidates)], { limit: 0 })).toEqual([]);
  });

  it('ignores failed outcomes and candidates without a title or an http(s) URL', () => {
    const records = rankEvidence(
      STATEMENT,
      [
        failed('google-fact-check'),
        ok('p', [
          { url: 'ftp://files.example/moon', title: 'Moon' },
          { url: 'not a url', title: 'Moon' },
          { url: 'https://ok.example/moon', title: '  ' },
          { url: 'https://ok.example/landing', title: 'Moon landing' },
        ]),
      ],
      { limit: 10 },
    );
    expect(records.map((r) => r.url)).toEqual(['https://ok.example/landing']);
  });

  it('returns nothing when no provider succeeded', () => {
    expect(rankEvidence(STATEMENT, [failed('a'), failed('b')], { limit: 10 })).toEqual([]);
  });

  it('is deterministic regardless of how often it runs', () => {
    const outcomes = [
      ok('a', [
        { url: 'https://a.example/1', title: 'Moon landing hoax' },
        { url: 'https://a.example/2', title: 'Studio lighting' },
      ]),
      ok('b', [{ url: 'https://b.example/1', title: 'Moon studio landing faked' }]),
    ];
    expect(rankEvidence(STATEMENT, outcomes, { limit: 10 })).toEqual(rankEvidence(STATEMENT, outcomes, { limit: 10 }));
  });
});
