/** Maps domain objects to the API's representations (with links). */
import { stageOf, type Claim, type ClaimEvent } from '../../shared/domain/claim.ts';
import type { Page } from '../../shared/domain/ports.ts';
import { type Verdict, verdictSource } from '../../shared/domain/verdict.ts';
import type { z } from '@hono/zod-openapi';
import type { claimEventSchema, claimSchema, verdictSchema } from './schemas.ts';

export function claimView(claim: Claim, baseUrl: string): z.infer<typeof claimSchema> {
  const self = `${baseUrl}/claims/${claim.id}`;
  const { revision: _revision, workflowStartedAt: _started, workflowRun: _run, reopenedAt: _reopened, verdictVersion, triage, ...rest } = claim;
  return {
    ...rest,
    // Only the documented triage fields: the stored result also carries internal data (the similarity
    // signature used for duplicate detection) that is no client's business.
    ...(triage
      ? {
          triage: {
            normalizedStatement: triage.normalizedStatement,
            language: triage.language,
            checkWorthiness: triage.checkWorthiness,
            duplicateOf: triage.duplicateOf,
            outcome: triage.outcome,
            ...(triage.priority !== undefined ? { priority: triage.priority } : {}),
            outcomeReason: triage.outcomeReason,
          },
        }
      : {}),
    stage: stageOf(claim.status),
    ...(verdictVersion ? { verdict: { version: verdictVersion, url: `${self}/verdict` } } : {}),
    // The verdict link only once there is one to follow (test/e2e/links.test.ts follows every link).
    links: { self, history: `${self}/history`, ...(verdictVersion ? { verdict: `${self}/verdict` } : {}) },
  };
}

/**
 * A verdict as callers see it. `reviewerNames` are the reviewers' public display names (see
 * representation/reviewer-names.ts): principal ids are internal and never leave the API.
 */
export function verdictView(verdict: Verdict, baseUrl: string, reviewerNames: string[]): z.infer<typeof verdictSchema> {
  const claim = `${baseUrl}/claims/${verdict.claimId}`;
  const source = verdictSource(verdict);
  return {
    ...verdict,
    ...(source ? { source } : {}),
    reviewers: reviewerNames,
    links: { self: `${claim}/verdict/versions/${verdict.version}`, claim, page: `${baseUrl}/fact-checks/${verdict.claimId}` },
  };
}

/** The trail event as clients see it (the stored item minus its keys, which `withoutKeys` already dropped). */
export function eventView(event: ClaimEvent): z.infer<typeof claimEventSchema> {
  return { id: event.id, claimId: event.claimId, type: event.type, actor: event.actor, at: event.at, ...(event.detail ? { detail: event.detail } : {}) };
}

/** A page with the URL of the next one: the same request with `cursor` replaced. */
export function pageView<T, V>(
  page: Page<T>,
  view: (item: T) => V,
  requestUrl: string,
  baseUrl: string,
): { items: V[]; next: string | null; links: { next: string | null } } {
  let nextLink: string | null = null;
  if (page.next) {
    const url = new URL(requestUrl);
    url.searchParams.set('cursor', page.next);
    nextLink = `${baseUrl}${url.pathname}${url.search}`;
  }
  return { items: page.items.map(view), next: page.next, links: { next: nextLink } };
}
