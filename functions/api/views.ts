/** Maps domain objects to the API's representations (with links). */
import { stageOf, type Claim } from '../../shared/domain/claim.ts';
import type { Verdict } from '../../shared/domain/verdict.ts';
import type { z } from '@hono/zod-openapi';
import type { claimSchema, verdictSchema } from './schemas.ts';

export function claimView(claim: Claim, baseUrl: string): z.infer<typeof claimSchema> {
  const self = `${baseUrl}/claims/${claim.id}`;
  const { revision: _revision, workflowStartedAt: _started, verdictVersion, ...rest } = claim;
  return {
    ...rest,
    stage: stageOf(claim.status),
    ...(verdictVersion ? { verdict: { version: verdictVersion, url: `${self}/verdict` } } : {}),
    links: { self, history: `${self}/history`, verdict: `${self}/verdict` },
  };
}

export function verdictView(verdict: Verdict, baseUrl: string): z.infer<typeof verdictSchema> {
  const claim = `${baseUrl}/claims/${verdict.claimId}`;
  return { ...verdict, links: { self: `${claim}/verdict/versions/${verdict.version}`, claim } };
}
