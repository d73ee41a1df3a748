/** Evidence contracts: what providers report, what the claim stores, and each provider's outcome. */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';

/** Why a provider gave no evidence for a claim. */
export const providerErrorCode = z.enum(['timeout', 'http_error', 'malformed_response', 'network_error', 'misconfigured']);
export type ProviderErrorCode = z.infer<typeof providerErrorCode>;

/** One result as a provider reports it, before ranking and de-duplication. */
export const evidenceCandidate = z.object({
  url: z.string(),
  title: z.string(),
  snippet: z.string().optional(),
  publisher: z.string().optional(),
  /** ISO 8601 timestamp, when the source says when it was published. */
  publishedAt: z.string().optional(),
  /** A rating the source itself gives (fact-check results), e.g. "False". */
  sourceRating: z.string().optional(),
});
export type EvidenceCandidate = RecordOf<typeof evidenceCandidate>;

/** A ranked, de-duplicated evidence record stored on the claim (and frozen with a verdict). */
export const evidenceRecord = evidenceCandidate.extend({
  canonicalUrl: z.string(),
  /** The provider's stable name, recorded as provenance. */
  provider: z.string(),
  /** ISO 8601 timestamp of retrieval. */
  retrievedAt: z.string(),
  /** Relevance to the claim, 0..1 (BM25 normalized over the batch). */
  relevance: z.number(),
});
export type EvidenceRecord = RecordOf<typeof evidenceRecord>;

/** Why one provider gave nothing. */
export const providerError = z.object({ code: providerErrorCode, message: z.string() });

/** The outcome of one provider for one claim, as the GatherEvidence Map passes it to RecordEvidence. */
export const providerOutcome = z.discriminatedUnion('ok', [
  z.object({ provider: z.string(), ok: z.literal(true), retrievedAt: z.string(), candidates: z.array(evidenceCandidate) }),
  z.object({ provider: z.string(), ok: z.literal(false), retrievedAt: z.string(), error: providerError }),
]);
export type ProviderOutcome = RecordOf<typeof providerOutcome>;

/** A provider's outcome as the claim keeps it: whether it answered, and how many records it gave. */
export const providerOutcomeSummary = z.object({
  provider: z.string(),
  ok: z.boolean(),
  retrievedAt: z.string(),
  count: z.number(),
  error: providerError.optional(),
});
export type ProviderOutcomeSummary = RecordOf<typeof providerOutcomeSummary>;
