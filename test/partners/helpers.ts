/**
 * Quick ways to published verdicts for the partner tests: claims are stored ready for sign-off and
 * published through the real publish step (the same transaction the workflow's PublishVerdict runs), on
 * the stack's own runtime. The full claim-to-verdict path is covered by test/e2e.
 */
import type { LocalStack } from '../../infra/local/stack.ts';
import { createPrincipal } from '../../infra/local/principals.ts';
import { newClaim, type ClaimSubmission, type Priority } from '../../shared/domain/claim.ts';
import type { Role } from '../../shared/domain/principals.ts';
import { trailEvent, type Services } from '../../shared/domain/services/context.ts';
import { publishStep } from '../../shared/domain/services/workflow-steps.ts';

let counter = 0;

export function submission(over: Partial<ClaimSubmission> = {}): ClaimSubmission {
  counter++;
  return {
    statement: `Claim number ${counter}: some 3,000 North Korean troops are joining the Russian army in Ukraine.`,
    claimant: { name: 'Ukrainian military intelligence (HUR)', role: 'intelligence agency' },
    appearances: [
      { url: `https://example-tabloid.co.uk/news/troops-${counter}`, date: '2024-10-04' },
      { url: 'https://example.org/earlier-report', date: '2024-10-03' },
    ],
    language: 'en',
    ...over,
  };
}

/** A claim waiting for reviewer sign-off (no workflow execution behind it). */
export async function claimAwaitingReview(stack: LocalStack, opts: { priority?: Priority; submittedBy?: string } = {}): Promise<string> {
  const s = stack.runtime.services;
  const submitter = opts.submittedBy ?? stack.keys['fact-checker'].principalId;
  const claim = {
    ...newClaim(s.ids.next(), submission(opts.priority ? { priority: opts.priority } : {}), submitter, s.clock.now()),
    status: 'awaiting_review' as const,
  };
  await s.claims.create(claim, trailEvent(s, claim.id, 'claim.submitted', claim.submittedBy));
  return claim.id;
}

/** A claim with a published verdict (version 1), published through the real publish step. */
export async function publishedClaim(
  stack: LocalStack,
  opts: { rating?: string; priority?: Priority; submittedBy?: string; services?: Services } = {},
): Promise<string> {
  const id = await claimAwaitingReview(stack, opts);
  await publishStep(opts.services ?? stack.runtime.services, id, {
    decision: 'approve',
    rating: opts.rating ?? 'unproven',
    summary: 'Only one intelligence service makes the claim; no independent source confirms the number.',
    reviewers: [stack.keys.reviewer.principalId],
  });
  return id;
}

/** Another principal with its own key (a second partner, a second reviewer). */
export async function extraPrincipal(stack: LocalStack, id: string, role: Role): Promise<{ principalId: string; key: string }> {
  const key = await createPrincipal(stack.runtime.principals, stack.runtime.pepper, { id, name: id, role });
  return { principalId: id, key };
}

export function apiClient(stack: LocalStack) {
  return async (path: string, init: RequestInit & { key?: string; json?: unknown } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.key) headers.set('authorization', `Bearer ${init.key}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${stack.apiUrl}${path}`, { ...init, headers, ...(body !== undefined ? { body } : {}) });
  };
}
