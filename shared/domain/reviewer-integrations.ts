/**
 * Reviewer integrations: the newsroom tools, chat bridges or CMSs that send reviewers' decisions by signed
 * webhook. Each has its own signing secret and is registered with the reviewers it may speak for; a
 * decision it signs in any other reviewer's name is refused. What an integration is trusted with, exactly:
 * to say, for each reviewer registered with it, what that reviewer decided. Its approvals in the names of
 * two registered reviewers therefore count as two towards a quorum: whoever registers an integration for
 * several reviewers trusts it to that extent (README, "Reviewer integrations").
 *
 * The deployment-wide decision secret (REVIEW_DECISION_SECRET) predates integrations and is registered
 * with no reviewer: it may still name any reviewer, but it proves no one's identity, so all approvals it
 * signs in one round count once towards a quorum (review.ts, `countedApprovals`).
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from './errors.ts';
import type { PrincipalRepository } from './principals.ts';
import type { ReviewerIntegration } from '../contracts/index.ts';

// An integration is stored and served: defined once, in shared/contracts/principal.ts.
export type { ReviewerIntegration } from '../contracts/index.ts';

export interface ReviewerIntegrationRepository {
  /** DomainError('conflict') when the id is taken. */
  create(integration: ReviewerIntegration): Promise<void>;
  get(id: string): Promise<ReviewerIntegration | null>;
  /** Every integration, oldest first. */
  list(): Promise<ReviewerIntegration[]>;
  /** DomainError('not_found') when unknown. */
  revoke(id: string): Promise<void>;
}

/** How a decision's author was verified; recorded with the decision. */
export type DecisionCredential =
  | { kind: 'shared-secret' }
  | { kind: 'integration'; integrationId: string; reviewers: readonly string[] }
  | { kind: 'reviewer-key'; principalId: string };

/** The credential as recorded on a decision: `shared-secret`, `integration:<id>` or `reviewer-key`. */
export function credentialLabel(c: DecisionCredential): string {
  return c.kind === 'integration' ? `integration:${c.integrationId}` : c.kind;
}

/** Refuses a decision whose credential does not vouch for the reviewer it names. */
export function assertMaySpeakFor(credential: DecisionCredential, reviewerId: string): void {
  if (credential.kind === 'integration' && !credential.reviewers.includes(reviewerId)) {
    throw new DomainError('forbidden', `integration "${credential.integrationId}" is not registered to speak for reviewer "${reviewerId}"`);
  }
  if (credential.kind === 'reviewer-key' && credential.principalId !== reviewerId) {
    throw new DomainError('forbidden', "a reviewer API key decides in its own reviewer's name only");
  }
}

export type IntegrationView = Omit<ReviewerIntegration, 'secret'>;

export function viewOf({ secret: _secret, ...rest }: ReviewerIntegration): IntegrationView {
  return rest;
}

/** Registration and revocation, shared by the admin API and `npm run keys`. */
export class ReviewerIntegrationAdministration {
  constructor(
    private readonly integrations: ReviewerIntegrationRepository,
    private readonly principals: PrincipalRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Registers an integration; the secret is returned here once and never listed. */
  async register(input: { id: string; name: string; reviewers: string[] }): Promise<{ integration: IntegrationView; secret: string }> {
    const reviewers = [...new Set(input.reviewers)];
    for (const id of reviewers) {
      const p = await this.principals.get(id);
      if (!p || p.revoked || (p.role !== 'reviewer' && p.role !== 'admin')) {
        throw new DomainError('invalid', `"${id}" is not a registered reviewer (or admin) principal`, { field: '/reviewers', rule: 'registered reviewer' });
      }
    }
    const integration: ReviewerIntegration = {
      id: input.id,
      name: input.name,
      reviewers,
      secret: `whsec_${randomBytes(32).toString('base64')}`,
      createdAt: this.now().toISOString(),
      revoked: false,
    };
    await this.integrations.create(integration);
    return { integration: viewOf(integration), secret: integration.secret };
  }

  async list(): Promise<IntegrationView[]> {
    return (await this.integrations.list()).map(viewOf);
  }

  async revoke(id: string): Promise<IntegrationView> {
    await this.integrations.revoke(id);
    const revoked = await this.integrations.get(id);
    if (!revoked) throw new DomainError('not_found', 'no reviewer integration with this id');
    return viewOf(revoked);
  }
}
