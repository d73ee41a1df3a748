/**
 * ClaimReview JSON-LD against Google's fact-check markup requirements, property by property, for every
 * label of the default rating scale.
 */
import { describe, expect, it } from 'vitest';
import { toClaimReview, type ClaimReviewContext } from '../../shared/domain/claim-review.ts';
import { defaultRatingScale } from '../../shared/domain/rating-scale.ts';
import type { Verdict } from '../../shared/domain/verdict.ts';

const ctx: ClaimReviewContext = {
  publisher: { name: 'Example Fact Desk', url: 'https://factdesk.example.org', logo: 'https://factdesk.example.org/logo.png' },
  scale: defaultRatingScale,
  url: 'https://factdesk.example.org/fact-checks/01JD3Y5R6Q4M8X2V7N9B1C0KZT',
  firstPublishedAt: '2024-10-05T10:00:00.000Z',
};

function verdictRated(ratingId: string, over: Partial<Verdict> = {}): Verdict {
  const rating = defaultRatingScale.labels.find((l) => l.id === ratingId)!;
  return {
    claimId: '01JD3Y5R6Q4M8X2V7N9B1C0KZT',
    version: 1,
    rating,
    summary: 'Only one intelligence service makes the claim; no independent source confirms the number.',
    evidence: [],
    reviewers: ['local-reviewer'],
    publishedAt: '2024-10-05T10:00:00.000Z',
    claim: {
      statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.',
      claimant: { name: 'Kyrylo Budanov', role: 'Head of military intelligence', affiliation: 'HUR' },
      appearances: [
        { url: 'https://example.org/earlier-report', date: '2024-10-03' },
        { url: 'https://example-tabloid.co.uk/news/troops', date: '2024-10-04' },
      ],
      firstAppearance: { url: 'https://example.org/earlier-report', date: '2024-10-03' },
      language: 'en',
    },
    ...over,
  };
}

describe('ClaimReview for every label of the default scale', () => {
  for (const label of defaultRatingScale.labels) {
    describe(`${label.label} (${label.value === undefined ? 'non-ordinal' : `ordinal ${label.value}`})`, () => {
      // biome-ignore lint/suspicious/noExplicitAny: JSON-LD under test
      const review = toClaimReview(verdictRated(label.id), ctx) as unknown as Record<string, any>;

      it('is a schema.org ClaimReview', () => {
        expect(review['@context']).toBe('https://schema.org');
        expect(review['@type']).toBe('ClaimReview');
      });

      it('has claimReviewed: the statement as reviewed', () => {
        expect(review.claimReviewed).toBe('Some 3,000 North Korean troops are joining the Russian army in Ukraine.');
      });

      it('has url: the page of the review', () => {
        expect(review.url).toBe(ctx.url);
      });

      it('has author: the publishing Organization, as configured', () => {
        expect(review.author).toEqual({
          '@type': 'Organization',
          name: 'Example Fact Desk',
          url: 'https://factdesk.example.org',
          logo: 'https://factdesk.example.org/logo.png',
        });
      });

      it('has datePublished: when the verdict was first published', () => {
        expect(review.datePublished).toBe('2024-10-05T10:00:00.000Z');
        expect(review.dateModified).toBeUndefined();
      });

      it('has reviewRating with alternateName always, and ordinal values only for ordinal labels', () => {
        expect(review.reviewRating['@type']).toBe('Rating');
        expect(review.reviewRating.alternateName).toBe(label.label);
        if (label.value === undefined) {
          expect(review.reviewRating).not.toHaveProperty('ratingValue');
          expect(review.reviewRating).not.toHaveProperty('bestRating');
          expect(review.reviewRating).not.toHaveProperty('worstRating');
        } else {
          expect(review.reviewRating.ratingValue).toBe(label.value);
          expect(review.reviewRating.bestRating).toBe(5);
          expect(review.reviewRating.worstRating).toBe(1);
          expect(review.reviewRating.worstRating).toBeLessThanOrEqual(review.reviewRating.ratingValue);
          expect(review.reviewRating.ratingValue).toBeLessThanOrEqual(review.reviewRating.bestRating);
        }
      });

      it('has itemReviewed: a Claim with author, datePublished, appearance and firstAppearance', () => {
        const claim = review.itemReviewed;
        expect(claim['@type']).toBe('Claim');
        expect(claim.author).toEqual({
          '@type': 'Person',
          name: 'Kyrylo Budanov',
          jobTitle: 'Head of military intelligence',
          affiliation: { '@type': 'Organization', name: 'HUR' },
        });
        expect(claim.datePublished).toBe('2024-10-03');
        expect(claim.appearance).toEqual([
          { '@type': 'CreativeWork', url: 'https://example.org/earlier-report', datePublished: '2024-10-03' },
          { '@type': 'CreativeWork', url: 'https://example-tabloid.co.uk/news/troops', datePublished: '2024-10-04' },
        ]);
        expect(claim.firstAppearance).toEqual({ '@type': 'CreativeWork', url: 'https://example.org/earlier-report', datePublished: '2024-10-03' });
      });
    });
  }
});

describe('ClaimReview of a correction', () => {
  const review = toClaimReview(
    verdictRated('mostly-false', { version: 2, publishedAt: '2024-10-12T08:00:00.000Z', correctionNote: 'Corrected: new evidence on troop numbers.' }),
    ctx,
  ) as unknown as Record<string, unknown>;

  it('keeps the first publication date and adds dateModified and the correction note', () => {
    expect(review.datePublished).toBe('2024-10-05T10:00:00.000Z');
    expect(review.dateModified).toBe('2024-10-12T08:00:00.000Z');
    expect(review.correction).toBe('Corrected: new evidence on troop numbers.');
  });
});

describe('ClaimReview of a claim made by an organization', () => {
  it("names the claim's author as an Organization, with its parent organization when given", () => {
    const base = verdictRated('unproven');
    const review = toClaimReview(
      {
        ...base,
        claim: {
          ...base.claim,
          claimant: { name: 'Ukrainian military intelligence (HUR)', type: 'organization', affiliation: 'Ministry of Defence of Ukraine' },
        },
      },
      ctx,
    ) as unknown as { itemReviewed: { author: unknown } };
    expect(review.itemReviewed.author).toEqual({
      '@type': 'Organization',
      name: 'Ukrainian military intelligence (HUR)',
      parentOrganization: { '@type': 'Organization', name: 'Ministry of Defence of Ukraine' },
    });
  });
});

describe('ClaimReview on a scale without ordinal labels', () => {
  it('never carries ratingValue, bestRating or worstRating', () => {
    const scale = { name: 'labels-only', labels: [{ id: 'satire', label: 'Satire', category: 'other' as const }] };
    const review = toClaimReview(verdictRated('satire'), { ...ctx, scale }) as unknown as { reviewRating: Record<string, unknown> };
    expect(review.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Satire', ratingExplanation: expect.any(String) });
  });
});

describe('ClaimReview of an imported verdict', () => {
  const imported = (publisher: string) =>
    // biome-ignore lint/suspicious/noExplicitAny: JSON-LD under test
    toClaimReview(verdictRated('false', { source: { publisher, url: 'https://other.example/checks/troops' } }), ctx) as unknown as Record<string, any>;

  it("names the outlet that published it as author and its article as url, not this desk's", () => {
    const review = imported('Other Checkers');
    expect(review.author).toEqual({ '@type': 'Organization', name: 'Other Checkers', url: 'https://other.example' });
    expect(review.url).toBe('https://other.example/checks/troops');
  });

  it('keeps this desk (with its logo) as author when the desk imported its own archive', () => {
    const review = imported('example fact desk');
    expect(review.author).toEqual({
      '@type': 'Organization',
      name: 'Example Fact Desk',
      url: 'https://factdesk.example.org',
      logo: 'https://factdesk.example.org/logo.png',
    });
    expect(review.url).toBe('https://other.example/checks/troops');
  });

  it('reads the outlet from the import evidence of a verdict stored before `source` was', () => {
    const older = verdictRated('false', {
      evidence: [
        {
          url: 'https://other.example/checks/old',
          canonicalUrl: 'https://other.example/checks/old',
          title: 'Other Checkers: False',
          publisher: 'Other Checkers',
          provider: 'import',
          retrievedAt: '2024-10-05T10:00:00.000Z',
          relevance: 1,
        },
      ],
    });
    // biome-ignore lint/suspicious/noExplicitAny: JSON-LD under test
    const review = toClaimReview(older, ctx) as unknown as Record<string, any>;
    expect(review.author.name).toBe('Other Checkers');
    expect(review.url).toBe('https://other.example/checks/old');
  });
});
