/**
 * What the domain services need from the outside world, as ports plus plain settings.
 */
import type { ClaimEvent } from '../claim.ts';
import type { EvidenceProvider } from '../evidence.ts';
import type { ClaimRepository, Clock, IdGenerator, ReviewRepository, SimilarClaimIndex, VerdictRepository, WebhookSender, WorkflowEngine } from '../ports.ts';
import type { SYSTEM_ACTORS } from '../principals.ts';
import type { RatingScale } from '../rating-scale.ts';
import type { ReviewPolicy } from '../review.ts';
import type { TriageThresholds } from '../triage/types.ts';

export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export interface Settings {
  publicBaseUrl: string;
  reviewPolicy: ReviewPolicy;
  triageThresholds: TriageThresholds;
  ratingScale: RatingScale;
  /** Where review requests go (a newsroom tool, chat bridge or CMS). */
  reviewerEndpoint: WebhookEndpoint | null;
  /** Where escalations go when a review passes its deadline. */
  escalationEndpoint: WebhookEndpoint | null;
  /** Names of the evidence providers source gathering queries. */
  evidenceProviders: string[];
  /** Evidence records kept per claim. */
  evidenceLimit: number;
  /** Retries of review requests that could not be delivered (services/review-delivery.ts). */
  reviewDelivery: { maxRetries: number; backoffMs: number; maxBackoffMs: number };
}

export interface Services {
  claims: ClaimRepository;
  reviews: ReviewRepository;
  verdicts: VerdictRepository;
  similarClaims: SimilarClaimIndex;
  workflow: WorkflowEngine;
  webhooks: WebhookSender;
  providers: EvidenceProvider[];
  clock: Clock;
  ids: IdGenerator;
  settings: Settings;
}

export function trailEvent(s: Pick<Services, 'clock' | 'ids'>, claimId: string, type: string, actor: string, detail?: Record<string, unknown>): ClaimEvent {
  return { claimId, id: s.ids.next(), type, actor, at: s.clock.now().toISOString(), ...(detail ? { detail } : {}) };
}

/** The actor recorded for steps the workflow performs on its own (reserved: no principal may take it). */
export const WORKFLOW_ACTOR: (typeof SYSTEM_ACTORS)[number] = 'workflow';
