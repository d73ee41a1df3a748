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

// The records (a provider's candidate, a stored evidence record, a provider's outcome) are defined once,
// in shared/contracts/evidence.ts.
import type { EvidenceCandidate, ProviderErrorCode } from '../contracts/index.ts';

export type { EvidenceCandidate, EvidenceRecord, ProviderErrorCode, ProviderOutcome, ProviderOutcomeSummary } from '../contracts/index.ts';

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
