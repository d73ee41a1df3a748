import { expect } from 'vitest';
import { type EvidenceQuery, type ProviderErrorCode, EvidenceProviderError } from '../../../shared/domain/evidence.ts';

export function query(overrides: Partial<EvidenceQuery> = {}): EvidenceQuery {
  return {
    claimId: '01J0000000000000000000CLAIM',
    statement: 'The moon landing was faked in a studio',
    language: 'en',
    limit: 10,
    ...overrides,
  };
}

/** A signal that never aborts (the provider's own timeout is under test). */
export const noDeadline = (): AbortSignal => new AbortController().signal;

/** Await `work` and return the EvidenceProviderError it rejects with, asserting its code. */
export async function providerError(work: Promise<unknown>, code: ProviderErrorCode): Promise<EvidenceProviderError> {
  let caught: unknown;
  try {
    await work;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a rejection with code ${code}`).toBeInstanceOf(EvidenceProviderError);
  const err = caught as EvidenceProviderError;
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
  return err;
}
