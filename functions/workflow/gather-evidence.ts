import { z } from 'zod';
import { gatherFromProvider } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

/** Per-provider budget; the function's own timeout (40 s) leaves room for retries with backoff. */
const PROVIDER_TIMEOUT_MS = 8000;

export const handler = workflowHandler('gather-evidence', z.object({ claimId: z.string().min(1), provider: z.string().min(1) }), ({ claimId, provider }, rt) =>
  gatherFromProvider(rt.services, claimId, provider, PROVIDER_TIMEOUT_MS),
);
