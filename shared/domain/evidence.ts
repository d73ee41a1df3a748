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

import type { ProviderErrorCode } from '../contracts/index.ts';

export type { ProviderErrorCode } from '../contracts/index.ts';

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

/**
 * An `http_error` that carries the upstream HTTP status, so callers (retry policy) can tell transient
 * failures (5xx, 429, API-level "try later" errors) from permanent ones (other 4xx) without parsing
 * messages. `status` is the HTTP status; for errors reported inside a 200 body (MediaWiki) it is 200 and
 * `transient` says whether a retry can help. `retryAfterMs` comes from a `Retry-After` header when sent.
 */
export class EvidenceHttpError extends EvidenceProviderError {
  readonly status: number;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(status: number, message: string, opts: { transient?: boolean; retryAfterMs?: number } = {}) {
    super('http_error', message);
    this.name = 'EvidenceHttpError';
    this.status = status;
    this.transient = opts.transient ?? isTransientHttpStatus(status);
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** 5xx and 429 may succeed on retry; every other status will not. */
export function isTransientHttpStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Whether retrying the same request can help: timeouts, network errors, and http errors with a
 * transient status. For plain `EvidenceProviderError('http_error', ...)` thrown by providers that do
 * not use `EvidenceHttpError`, the status is read from the message ("HTTP 503 ..."); unknown → not retried.
 */
export function isTransientProviderError(err: EvidenceProviderError): boolean {
  switch (err.code) {
    case 'timeout':
    case 'network_error':
      return true;
    case 'http_error': {
      if (err instanceof EvidenceHttpError) return err.transient;
      const m = /\bHTTP (\d{3})\b/.exec(err.message) ?? /\bstatus (\d{3})\b/i.exec(err.message);
      return m?.[1] !== undefined && isTransientHttpStatus(Number(m[1]));
    }
    default:
      return false;
  }
}
