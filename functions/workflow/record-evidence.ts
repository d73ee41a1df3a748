import { z } from 'zod';
import type { ProviderOutcome } from '../../shared/domain/evidence.ts';
import { recordEvidenceStep } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

const candidate = z.object({
  url: z.string(),
  title: z.string(),
  snippet: z.string().optional(),
  publisher: z.string().optional(),
  publishedAt: z.string().optional(),
  sourceRating: z.string().optional(),
});
const outcome = z.union([
  z.object({ provider: z.string(), ok: z.literal(true), retrievedAt: z.string(), candidates: z.array(candidate) }),
  z.object({ provider: z.string(), ok: z.literal(false), retrievedAt: z.string(), error: z.object({ code: z.string(), message: z.string() }) }),
]);

export const handler = workflowHandler(
  'record-evidence',
  z.object({ claimId: z.string().min(1), round: z.number().int().positive(), outcomes: z.array(outcome) }),
  ({ claimId, round, outcomes }, rt) => recordEvidenceStep(rt.services, claimId, outcomes as ProviderOutcome[], round),
);
