/** Evidence contracts. */
import { z } from 'zod';

/** Why a provider gave no evidence for a claim. */
export const providerErrorCode = z.enum(['timeout', 'http_error', 'malformed_response', 'network_error', 'misconfigured']);
export type ProviderErrorCode = z.infer<typeof providerErrorCode>;

/** One result as a provider reports it, before ranking and de-duplication (domain/evidence.ts EvidenceCandidate). */
export const evidenceCandidate = z.object({
  url: z.string(),
  title: z.string(),
  snippet: z.string().optional(),
  publisher: z.string().optional(),
  publishedAt: z.string().optional(),
  sourceRating: z.string().optional(),
});

/** The outcome of one provider for one claim, as the GatherEvidence Map passes it to RecordEvidence. */
export const providerOutcome = z.discriminatedUnion('ok', [
  z.object({ provider: z.string(), ok: z.literal(true), retrievedAt: z.string(), candidates: z.array(evidenceCandidate) }),
  z.object({ provider: z.string(), ok: z.literal(false), retrievedAt: z.string(), error: z.object({ code: providerErrorCode, message: z.string() }) }),
]);
