/**
 * Google Fact Check Tools API (claims:search): published fact-checks (ClaimReview) matching the claim.
 * https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/claims/search
 *
 * The API key travels in the query string (the API requires it) and is therefore a secret of the URL:
 * error messages carry only origin + path (see `redactUrl`) and are scrubbed of the key as well.
 */
import * as z from 'zod';
import { type EvidenceCandidate, type EvidenceProvider, type EvidenceQuery, EvidenceProviderError } from '../../domain/evidence.ts';
import { describeIssues, getJson, redactUrl, isHttpUrl, isoDateOrUndefined } from './http.ts';
import { GOOGLE_FACT_CHECK_PROVIDER, googleFactCheckEndpoint } from './provider-names.ts';

export { GOOGLE_FACT_CHECK_DEFAULT_BASE_URL, GOOGLE_FACT_CHECK_PROVIDER } from './provider-names.ts';

/** The documented response format (unknown fields are ignored). */
const claimReviewSchema = z.object({
  publisher: z.object({ name: z.string(), site: z.string().optional() }),
  url: z.string(),
  title: z.string().optional(),
  reviewDate: z.string().optional(),
  textualRating: z.string().optional(),
  languageCode: z.string().optional(),
});
const claimSchema = z.object({
  text: z.string(),
  claimant: z.string().optional(),
  claimDate: z.string().optional(),
  claimReview: z.array(claimReviewSchema),
});
export const googleClaimSearchResponseSchema = z.object({
  claims: z.array(claimSchema).optional(),
  nextPageToken: z.string().optional(),
});
export type GoogleClaimSearchResponse = z.infer<typeof googleClaimSearchResponseSchema>;

export interface GoogleFactCheckOptions {
  apiKey: string;
  /** Default https://factchecktools.googleapis.com. */
  baseUrl?: string;
  /** Per-request timeout in ms (combined with the caller's signal). */
  timeoutMs?: number;
  /** Response size cap in bytes. */
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

/** The API's page size bounds; we ask for one page of `query.limit` (clamped) and ignore nextPageToken. */
const MAX_PAGE_SIZE = 100;

/**
 * Map the documented response to candidates: one per claimReview, in response order.
 * title = review title, else the claim text; snippet = claim text (with claimant) and the rating;
 * sourceRating = textualRating; publisher = publisher.name; publishedAt = reviewDate (ISO-normalized).
 * Reviews whose URL is not http(s) are dropped.
 */
export function googleResponseToCandidates(body: GoogleClaimSearchResponse): EvidenceCandidate[] {
  const out: EvidenceCandidate[] = [];
  for (const claim of body.claims ?? []) {
    for (const review of claim.claimReview) {
      if (!isHttpUrl(review.url)) continue;
      const claimText = claim.text.trim();
      const claimant = claim.claimant?.trim();
      const rating = review.textualRating?.trim();
      const snippet = (claimant ? `${claimant}: ${claimText}` : claimText) + (rating ? ` — Rating: ${rating}` : '');
      const candidate: EvidenceCandidate = { url: review.url, title: review.title?.trim() || claimText, snippet };
      const publisher = review.publisher.name.trim() || review.publisher.site?.trim();
      if (publisher) candidate.publisher = publisher;
      const publishedAt = isoDateOrUndefined(review.reviewDate);
      if (publishedAt) candidate.publishedAt = publishedAt;
      if (rating) candidate.sourceRating = rating;
      out.push(candidate);
    }
  }
  return out;
}

export class GoogleFactCheckProvider implements EvidenceProvider {
  readonly name = GOOGLE_FACT_CHECK_PROVIDER;
  private readonly apiKey: string;
  private readonly baseUrl: string;

  constructor(private readonly opts: GoogleFactCheckOptions) {
    const endpoint = googleFactCheckEndpoint(opts);
    this.apiKey = endpoint.apiKey;
    this.baseUrl = endpoint.baseUrl;
  }

  async search(query: EvidenceQuery, signal: AbortSignal): Promise<EvidenceCandidate[]> {
    const url = new URL(`${this.baseUrl}/v1alpha1/claims:search`);
    url.searchParams.set('query', query.statement);
    url.searchParams.set('languageCode', query.language);
    url.searchParams.set('pageSize', String(Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit)))));
    url.searchParams.set('key', this.apiKey);

    const json = await getJson(url, {
      signal,
      label: this.name,
      secrets: [this.apiKey],
      ...(this.opts.timeoutMs !== undefined && { timeoutMs: this.opts.timeoutMs }),
      ...(this.opts.maxBytes !== undefined && { maxBytes: this.opts.maxBytes }),
      ...(this.opts.fetchImpl !== undefined && { fetchImpl: this.opts.fetchImpl }),
    });
    const parsed = googleClaimSearchResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new EvidenceProviderError(
        'malformed_response',
        `${this.name}: response does not match the claims:search format: ${describeIssues(parsed.error.issues)} (GET ${redactUrl(url)})`,
      );
    }
    return googleResponseToCandidates(parsed.data).slice(0, Math.max(0, query.limit));
  }
}

export function createGoogleFactCheckProvider(opts: GoogleFactCheckOptions): EvidenceProvider {
  return new GoogleFactCheckProvider(opts);
}
