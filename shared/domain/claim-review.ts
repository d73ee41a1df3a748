/**
 * A verdict as schema.org ClaimReview JSON-LD, with the properties Google's fact-check markup requires and
 * recommends: claimReviewed, reviewRating (alternateName always; ratingValue, bestRating and worstRating
 * only when the label sits on the ordinal part of the scale), url, author (the publishing Organization),
 * datePublished and itemReviewed (a Claim with author, datePublished, appearance and firstAppearance).
 * An imported verdict keeps its own outlet as author and its article as url.
 * Pure: the caller supplies the publisher and the URLs.
 */
import type { ClaimReview, CreativeWork, Organization, Person, Rating, WithContext } from 'schema-dts';
import type { Appearance, Claimant } from './claim.ts';
import { ordinalBounds, type RatingLabel, type RatingScale } from './rating-scale.ts';
import { type Verdict, verdictSource } from './verdict.ts';

export interface Publisher {
  name: string;
  url: string;
  /** Absolute URL of a logo image, when configured. */
  logo?: string;
}

export interface ClaimReviewContext {
  publisher: Publisher;
  scale: RatingScale;
  /** The page (URL) of this review. */
  url: string;
  /** When version 1 was published; corrections keep it as datePublished and carry dateModified. */
  firstPublishedAt: string;
}

/** The Rating of a label: ordinal values only for ordinal labels (Google rejects a value for "Satire"). */
export function reviewRating(label: RatingLabel, scale: RatingScale, explanation?: string): Rating {
  const bounds = ordinalBounds(scale);
  const ordinal = label.value !== undefined && bounds !== null;
  return {
    '@type': 'Rating',
    alternateName: label.label,
    ...(ordinal ? { ratingValue: label.value, bestRating: bounds.best, worstRating: bounds.worst } : {}),
    ...(explanation ? { ratingExplanation: explanation } : {}),
  };
}

/**
 * Claim.author: an Organization when the submitter said the claimant is one (a ministry, an agency);
 * otherwise a Person, with a role or affiliation as jobTitle and affiliation. Both types are valid for
 * Claim.author in Google's markup.
 */
function claimAuthor(claimant: Claimant): Person | Organization {
  if (claimant.type === 'organization') {
    return {
      '@type': 'Organization',
      name: claimant.name,
      ...(claimant.affiliation ? { parentOrganization: { '@type': 'Organization', name: claimant.affiliation } } : {}),
    };
  }
  return {
    '@type': 'Person',
    name: claimant.name,
    ...(claimant.role ? { jobTitle: claimant.role } : {}),
    ...(claimant.affiliation ? { affiliation: { '@type': 'Organization', name: claimant.affiliation } } : {}),
  };
}

function appearance(a: Appearance): CreativeWork {
  return { '@type': 'CreativeWork', url: a.url, datePublished: a.date };
}

/** The outlet's site (the origin of its article's URL), for an imported verdict's author. */
function siteOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * An imported verdict's ClaimReview is the other outlet's: its author is that outlet and its url the outlet's
 * article (this desk only republishes it), so a search engine credits the fact-check to whoever wrote it.
 */
export function toClaimReview(verdict: Verdict, ctx: ClaimReviewContext): WithContext<ClaimReview> {
  const source = verdictSource(verdict);
  // A desk importing its own archive: the author stays this publisher (with its logo).
  const foreign = source !== undefined && source.publisher.trim().toLowerCase() !== ctx.publisher.name.trim().toLowerCase();
  const site = source ? siteOf(source.url) : undefined;
  const author: Organization = foreign
    ? { '@type': 'Organization', name: source.publisher, ...(site ? { url: site } : {}) }
    : {
        '@type': 'Organization',
        name: ctx.publisher.name,
        url: ctx.publisher.url,
        ...(ctx.publisher.logo ? { logo: ctx.publisher.logo } : {}),
      };
  const corrected = verdict.version > 1;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: source?.url ?? ctx.url,
    claimReviewed: verdict.claim.statement,
    author,
    datePublished: ctx.firstPublishedAt,
    ...(corrected ? { dateModified: verdict.publishedAt } : {}),
    ...(verdict.claim.language && verdict.claim.language !== 'und' ? { inLanguage: verdict.claim.language } : {}),
    reviewRating: reviewRating(verdict.rating, ctx.scale, verdict.summary),
    ...(verdict.correctionNote ? { correction: verdict.correctionNote } : {}),
    itemReviewed: {
      '@type': 'Claim',
      author: claimAuthor(verdict.claim.claimant),
      datePublished: verdict.claim.firstAppearance.date,
      appearance: verdict.claim.appearances.map(appearance),
      firstAppearance: appearance(verdict.claim.firstAppearance),
    },
  };
}
