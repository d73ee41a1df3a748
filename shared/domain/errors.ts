/**
 * Domain errors carry a kind the API maps to a status; the domain itself knows nothing of HTTP.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'gone' | 'forbidden' | 'invalid' | 'idempotency_mismatch' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
