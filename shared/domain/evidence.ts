/**
 * Evidence: what source gathering collects for a claim, with provenance.
 * Providers (our archive, Google Fact Check Tools, MediaWiki, operator-configured HTTP JSON APIs) are
 * adapters implementing `EvidenceProvider`; this module owns the shapes and the ranking rules.
 */

/** What a provider is asked. */
export interface EvidenceQuery {
  claimId: string;
  /** Normalized claim text. */
  statement: string;
  /** ISO 639-1 code, e.g. "en". */
  language: string;
  claimantName?: string;
  /** Upper bound on candidates the provider should return. */
  limit: number;
}

/** One result as a provider reports it, before ranking and de-duplication. */
export interface EvidenceCandidate {
  url: string;
  title: string;
  snippet?: string;
  publisher?: string;
  /** ISO 8601 timestamp, when the source says when it was published. */
  publishedAt?: string;
  /** A rating the source itself gives (fact-check results), e.g. "False". */
  sourceRating?: string;
}

/** A ranked, de-duplicated evidence record stored on the claim. */
export interface EvidenceRecord extends EvidenceCandidate {
  canonicalUrl: string;
  provider: string;
  /** ISO 8601 timestamp of retrieval. */
  retrievedAt: string;
  /** Relevance to the claim, 0..1 (BM25 normalized over the batch). */
  relevance: number;
}

/** The outcome of one provider for one claim: evidence, or why there was none. */
export type ProviderOutcome =
  | { provider: string; ok: true; retrievedAt: string; candidates: EvidenceCandidate[] }
  | { provider: string; ok: false; retrievedAt: string; error: { code: ProviderErrorCode; message: string } };

export type ProviderErrorCode = 'timeout' | 'http_error' | 'malformed_response' | 'network_error' | 'misconfigured';

/** The port every evidence source implements. Implementations must honour `signal` (timeouts). */
export interface EvidenceProvider {
  /** Stable identifier recorded as provenance, e.g. "google-fact-check". */
  readonly name: string;
  search(query: EvidenceQuery, signal: AbortSignal): Promise<EvidenceCandidate[]>;
}

/** Raised by providers for failures that should be recorded on the claim and skipped. */
export class EvidenceProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceProviderError';
  }
}
