/**
 * The ports: small interfaces the domain owns and adapters (DynamoDB, Step Functions, webhooks, HTTP
 * providers) implement. Nothing here knows about AWS or HTTP.
 */
import type { Claim, ClaimEvent, ClaimStatus, ClaimTransition, ReviewSummary } from './claim.ts';
import type { Delivery, StoredSubscription, Subscription } from './partner.ts';
import type { ClaimWorkflowInput, DeliveryAttempt, IndexedClaim, ReviewAnswer, ReviewDelivery } from '../contracts/index.ts';
import type { Review } from './review.ts';
import type { ClaimSignature } from './triage/types.ts';
import type { PartnerNotification, Verdict } from './verdict.ts';

export interface Page<T> {
  items: T[];
  /** Opaque position for the next page, or null at the end. */
  next: string | null;
}

export interface IdempotencyClaim {
  principalId: string;
  key: string;
  /** Hash of the request body; the same key with another body is refused. */
  requestHash: string;
}

export interface ClaimListFilter {
  status?: ClaimStatus;
  submittedBy?: string;
  tag?: string;
  /** ISO timestamps bounding createdAt. */
  from?: string;
  to?: string;
}

/** Fields a transition may remove: a re-opened claim is no longer closed, and its new run is not started yet. */
export type RemovableClaimField = 'closedReason' | 'workflowStartedAt';

/** What names one run of a claim's workflow: the claim, the run's number and when the run began. */
export type ClaimRun = Pick<Claim, 'id' | 'createdAt' | 'updatedAt' | 'workflowRun' | 'reopenedAt'>;

export interface ClaimRepository {
  /**
   * Stores a new claim with its first trail event. With an idempotency key, the claim and the key are
   * written atomically: a repeat returns the claim first created (`created: false`), a repeat with another
   * body throws DomainError('idempotency_mismatch').
   */
  create(claim: Claim, event: ClaimEvent, idempotency?: IdempotencyClaim): Promise<{ claim: Claim; created: boolean }>;
  get(id: string): Promise<Claim | null>;
  /**
   * Several claims as a listing shows them (without triage, evidence and provider outcomes), in one read;
   * ids with no claim are left out. For up to 100 ids.
   */
  getMany(ids: readonly string[]): Promise<Claim[]>;
  /**
   * Moves a claim along its lifecycle (refused with DomainError('conflict') when the claim's current status
   * does not allow it), applies `changes`, removes the `remove` fields, and appends `event` in the same
   * write. It does not read the claim back: a caller that needs the updated claim reads it (most steps
   * write and move on). Several events (in trail order) are for a step that records its start with its
   * end in one write (triage).
   */
  transition(
    claim: ClaimRef,
    transition: ClaimTransition,
    changes: Partial<Claim>,
    event: ClaimEvent | readonly ClaimEvent[],
    remove?: readonly RemovableClaimField[],
  ): Promise<void>;
  /**
   * Records that the claim's workflow started, with its trail event, unless already recorded (then false):
   * concurrent confirmations record one event. `claim` is the claim as read before the start; the event's id
   * is derived from it (id, run, when the run began), so every confirmation of one start names the same event.
   */
  markWorkflowStarted(claim: ClaimRun, at: string, event: ClaimEvent): Promise<boolean>;
  /** Applies changes without a status change, with an event; like `transition`, no read back. */
  update(id: string, changes: Partial<Claim>, event?: ClaimEvent): Promise<void>;
  appendEvent(event: ClaimEvent): Promise<void>;
  listEvents(claimId: string, page: { limit: number; after?: string }): Promise<Page<ClaimEvent>>;
  list(filter: ClaimListFilter, page: { limit: number; after?: string }): Promise<Page<Claim>>;
  /** Claims still `received` whose workflow has not been confirmed started, older than `olderThan`. */
  listUnstarted(olderThan: string, limit: number): Promise<Claim[]>;
}

/** What a write needs to know of a claim: its id, and its creation time (the month of its listing buckets). */
export type ClaimRef = Pick<Claim, 'id' | 'createdAt'>;

/** A claim's lifecycle move, written with another item that must change with it. */
export interface ClaimMove {
  claim: ClaimRef;
  transition: ClaimTransition;
  changes: Partial<Claim>;
  event: ClaimEvent;
}

export interface ReviewRepository {
  /**
   * Stores a review and the task token that completes it. The token is never returned by `get`. With
   * `claimMove`, the claim's lifecycle move (as ClaimRepository.transition) is written in the same write:
   * the claim awaits review exactly when its review is open (DomainError('conflict') when the claim's status
   * does not allow the move, and nothing is written).
   */
  open(review: Review, taskToken: string, tokenTtlSeconds: number, claimMove?: ClaimMove): Promise<void>;
  get(id: string): Promise<Review | null>;
  /** The review with its task token (null when it has none, e.g. expired), in one read: for the decision path. */
  getWithToken(id: string): Promise<{ review: Review; taskToken: string | null } | null>;
  /** The open review of a claim's current round, if any. */
  currentForClaim(claimId: string): Promise<Review | null>;
  /**
   * Records a decision together with the webhook message id that carried it, conditional on the review
   * being open with exactly `expectedDecisions` decisions: concurrent decisions cannot both apply, and a
   * replayed message id is recognised ('replay') rather than applied twice. In the same transaction the
   * claim's review summary and the trail event are written, conditional on the claim not being withdrawn
   * ('claim_withdrawn' otherwise: the withdrawal got there first, and nothing is written).
   */
  saveDecision(
    review: Review,
    expectedDecisions: number,
    messageId: string,
    replayTtlSeconds: number,
    claim: { review: ReviewSummary; event: ClaimEvent },
  ): Promise<'saved' | 'replay' | 'conflict' | 'claim_withdrawn'>;
  /**
   * Records that the workflow was told the settled decision: only while the review still has `status`
   * and its claim is not withdrawn ('review_changed' / 'claim_withdrawn' otherwise, writing nothing).
   */
  markResumed(review: Pick<Review, 'id' | 'claimId' | 'status'>, at: string): Promise<'resumed' | 'review_changed' | 'claim_withdrawn'>;
  /**
   * Cancels a review that is open, or settled by a decision the workflow was not yet told (a withdrawal
   * overtakes it); false, changing nothing, for a review the workflow already acted on or that is closed.
   */
  cancel(id: string): Promise<boolean>;
  /** Records where the review request's delivery stands; a `retrying` one is listed by `dueDeliveries` from its `nextAttemptAt`. */
  setDelivery(id: string, delivery: ReviewDelivery): Promise<void>;
  /**
   * setDelivery, and in the same write the claim's review summary (`review.delivery`, while the summary is
   * of this review) and the trail event; a claim whose summary is of another review gets the event only.
   */
  recordDelivery(review: Pick<Review, 'id' | 'claimId'>, delivery: ReviewDelivery, event: ClaimEvent): Promise<void>;
  /** Reviews whose request is `retrying` with `nextAttemptAt` at or before `now`, earliest first. */
  dueDeliveries(now: string, limit: number): Promise<Review[]>;
  /** The review a decision message (webhook-id) was recorded for; null when the message is new. */
  messageReview(messageId: string): Promise<string | null>;
  /**
   * Sets the review's status (and `extra` fields). With `onlyIf`, only while the review is in that status:
   * returns false, changing nothing, when it is not (a decision settled it meanwhile).
   */
  setStatus(id: string, status: Review['status'], extra?: Partial<Review>, onlyIf?: Review['status']): Promise<boolean>;
  taskToken(id: string): Promise<string | null>;
  /** Replaces the task token (escalation waits on a new callback task). */
  replaceToken(id: string, taskToken: string, tokenTtlSeconds: number): Promise<void>;
}

export interface VerdictRepository {
  /**
   * In one transaction: stores the verdict version (refused if it exists), moves the claim to published,
   * appends the trail event and queues partner notifications. A replayed publish throws
   * DomainError('conflict') and changes nothing.
   */
  publish(verdict: Verdict, claim: Claim, event: ClaimEvent, notifications: PartnerNotification[]): Promise<void>;
  get(claimId: string, version?: number): Promise<Verdict | null>;
  /** The named verdict versions in one read (up to 100); versions that do not exist are left out. */
  getMany(versions: ReadonlyArray<{ claimId: string; version: number }>): Promise<Verdict[]>;
}

// An index entry is stored: defined once, in shared/contracts/triage.ts.
export type { IndexedClaim } from '../contracts/index.ts';

/**
 * Term-weighted retrieval of earlier claims and verdicts (BM25 over the signature's canonical tokens). The
 * default adapter keeps an inverted index in DynamoDB (adapters/dynamodb/similar-claim-index.ts); an operator
 * who outgrows it can put OpenSearch behind this port.
 */
/** A lookup's answer: entries best first, each with its BM25 score relative to the query's against itself. */
export type SimilarClaims = Array<IndexedClaim & { retrieval: number }>;

export interface SimilarClaimIndex {
  /**
   * Indexes a claim or its verdict; adding a verdict for an indexed claim promotes its entry. Idempotent.
   * `lookup`: what `candidates` answered for this entry's signature just before, when the caller has it; the
   * index may reuse what that lookup read to write with fewer requests. The result is the same without it.
   */
  add(entry: IndexedClaim, lookup?: SimilarClaims): Promise<void>;
  /**
   * The best `limit` entries by BM25 against the signature's tokens, best first, each with its BM25 score
   * relative to the query's score against itself (`retrieval`, about 0..1).
   */
  candidates(signature: ClaimSignature, limit: number): Promise<SimilarClaims>;
  /**
   * Reserves the exact fingerprint of a normalized statement for a claim with one conditional write, so that
   * identical submissions racing through triage elect one owner. Returns the owner after the call: `claimId`
   * when it won (or already owned it), else the earlier claim. With `replacing`, takes the fingerprint over
   * from that owner (a closed claim without a verdict) unless someone else took it first.
   */
  reserveFingerprint(fingerprint: string, claimId: string, replacing?: string): Promise<string>;
}

/** The workflow engine (Step Functions on AWS, the local service locally). */
export interface WorkflowEngine {
  /**
   * Starts the claim's workflow, named after the claim (and its run, for a re-opened claim: `run` is the
   * claim's workflowRun); starting twice is harmless.
   */
  start(claimId: string, input: ClaimWorkflowInput, run?: number): Promise<{ executionId: string; alreadyStarted: boolean }>;
  stop(claimId: string, cause: string, run?: number): Promise<void>;
  /** Completes a waiting callback task. Throws DomainError('gone') for expired or unknown tokens. */
  completeTask(taskToken: string, output: ReviewAnswer): Promise<void>;
  failTask(taskToken: string, error: string, cause: string): Promise<void>;
}

/** Signed outbound webhooks (Standard Webhooks). */
export interface WebhookSender {
  send(target: { url: string; secret: string }, message: { id: string; type: string; data: Record<string, unknown> }): Promise<DeliveryAttempt[]>;
}

// One attempt's report is kept on partner deliveries: defined once, in shared/contracts/partner.ts.
export type { DeliveryAttempt } from '../contracts/index.ts';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

// ------------------------------------------------------------------------ partner outlets (issue 5)

/** Reads the change feed of published and corrected verdicts (see adapters/dynamodb/feed-repository.ts). */
export interface FeedRepository {
  /**
   * Verdict versions in change order, starting at a cursor from an earlier page or at `since` (inclusive),
   * and never at or after `until` (the settle horizon). Always returns a cursor: a feed has no end.
   */
  read(from: { cursor: string } | { since: string }, until: string, limit: number): Promise<FeedPage>;
}

export interface FeedPage {
  items: Verdict[];
  next: string;
  /** Every change before this instant that follows the previous position is in `items` (never past `until`). */
  settledUntil: string;
}

/** Partner subscriptions, the notification queue, and deliveries with their attempt log. */
export interface PartnerRepository {
  /** Refused with DomainError('conflict') when the partner already has `maxPerPartner` subscriptions. */
  createSubscription(subscription: StoredSubscription, maxPerPartner: number): Promise<void>;
  getSubscription(partnerId: string, id: string): Promise<StoredSubscription | null>;
  listSubscriptions(partnerId: string): Promise<Subscription[]>;
  deleteSubscription(partnerId: string, id: string): Promise<boolean>;
  /** Enabled subscriptions across partners (the fan-out list). */
  activeSubscriptions(): Promise<StoredSubscription[]>;
  setEnabled(partnerId: string, id: string, enabled: boolean, at: string, reason?: string): Promise<Subscription | null>;
  /** Resets (ok) or increments the consecutive failure count; returns the updated subscription. */
  recordOutcome(partnerId: string, id: string, ok: boolean, at: string): Promise<Subscription | null>;
  queuedNotifications(limit: number): Promise<PartnerNotification[]>;
  markDispatched(notificationId: string, at: string): Promise<void>;
  /** False when a delivery with this id exists already. */
  createDelivery(delivery: Delivery): Promise<boolean>;
  getDelivery(id: string): Promise<Delivery | null>;
  /** Pending deliveries whose next attempt is due at `now`. */
  dueDeliveries(now: string, limit: number): Promise<Delivery[]>;
  /** Takes a due delivery for one worker until `until`; false when another worker took it first. */
  lease(delivery: Delivery, until: string): Promise<boolean>;
  saveDelivery(delivery: Delivery): Promise<void>;
  listDeliveries(partnerId: string, filter: { subscriptionId?: string }, page: { limit: number; after?: string }): Promise<Page<Delivery>>;
}

/** Correction reviews: reviews with no workflow execution behind them (see services/corrections.ts). */
export interface CorrectionReviewStore {
  open(review: Review): Promise<void>;
  listForClaim(claimId: string): Promise<Review[]>;
}

/** Sends one signed partner webhook attempt to a validated target. */
/** One attempt as the client saw it; `unsubscribed`: the endpoint said it wants no more deliveries, and why (recorded on the subscription). */
export interface PartnerSendResult extends DeliveryAttempt {
  unsubscribed?: string;
}

export interface PartnerWebhookClient {
  send(
    target: { url: string; secret: string },
    message: { id: string; type: string; data: Record<string, unknown> },
    timeoutMs: number,
  ): Promise<PartnerSendResult>;
}
