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
  /** The archive verdicts triage's lookup already found (ClaimQuery.archiveMatches); the archive provider skips its own lookup. */
  archiveMatches?: DuplicateMatch[];
}

// The records (a provider's candidate, a stored evidence record, a provider's outcome) are defined once,
// in shared/contracts/evidence.ts.
import type { DuplicateMatch, EvidenceCandidate, ProviderErrorCode } from '../contracts/index.ts';

export type { EvidenceCandidate, EvidenceRecord, ProviderErrorCode, ProviderOutcome, ProviderOutcomeSummary } from '../contracts/index.ts';

/** The port every evidence source implements. Implementations must honour `signal` (timeouts). */
export interface EvidenceProvider {
  /** Stable identifier recorded as provenance, e.g. "google-fact-check". */
  readonly name: string;
  search(query: EvidenceQuery, signal: AbortSignal): Promise<EvidenceCandidate[]>;
}

/**
 * Raised by providers for failures that should be recorded on the claim and skipped. Whether a retry can help is
 * the provider's to say (`retryable`; timeouts and network errors always may): what makes a failure transient is
 * protocol knowledge (HTTP's 5xx and 429, an API's "try later" error) that the adapters hold, not the domain
 * (shared/adapters/evidence/http.ts). `retryAfterMs`: how long the source asked to be left alone, when it said.
 */
export class EvidenceProviderError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    opts: { retryable?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'EvidenceProviderError';
    this.retryable = opts.retryable ?? false;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Whether retrying the same request can help: timeouts and network errors, and failures their provider marked retryable. */
export function isTransientProviderError(err: EvidenceProviderError): boolean {
  return err.code === 'timeout' || err.code === 'network_error' || err.retryable;
}
