/** Evidence contracts. */
import { z } from 'zod';

/** Why a provider gave no evidence for a claim. */
export const providerErrorCode = z.enum(['timeout', 'http_error', 'malformed_response', 'network_error', 'misconfigured']);
export type ProviderErrorCode = z.infer<typeof providerErrorCode>;
