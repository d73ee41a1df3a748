import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { claimLifecycle, type Claim, type ClaimEvent, type ClaimTransition } from '../../domain/claim.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ClaimListFilter, ClaimRef, ClaimRun, ClaimRepository, IdempotencyClaim, Page, RemovableClaimField } from '../../domain/ports.ts';
import type { CursorCodec } from '../cursor.ts';
import { claimItem, eventItem, isDetailsItem, transitionParts, transitionWrites, updateWrites, type ConditionalPut } from './claim-items.ts';
import { DynamoClaimListing } from './claim-listing.ts';
import { isBucketedStatus, MonthIndex, statusListing, submitterListing, tagEntry, tagListing } from './partitions.ts';
import { batchGetItems, batchPutItems, cancellationReasons, epochSeconds, isConditionalCheckFailure, keys, withoutKeys, type TableContext } from './table.ts';

/** Idempotency keys are remembered for a day, as most payment-style APIs do. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Concurrent transactions on the same idempotency key can be cancelled with `TransactionConflict` (rather
 * than a failed condition) while another is committing; re-attempting resolves them into one winner and
 * replays. Bounded, with jittered backoff.
 */
const CONFLICT_ATTEMPTS = 8;

export class DynamoClaimRepository implements ClaimRepository {
  private readonly listing: DynamoClaimListing;
  private readonly months: MonthIndex;

  constructor(
    private readonly table: TableContext,
    cursors: CursorCodec,
    /** The clock a tag listing's first page takes the current month from (claim-listing.ts). */
    now: () => Date = () => new Date(),
  ) {
    this.months = new MonthIndex(table);
    this.listing = new DynamoClaimListing(table, cursors, this.months, now);
  }

  async create(claim: Claim, event: ClaimEvent, idempotency?: IdempotencyClaim): Promise<{ claim: Claim; created: boolean }> {
    const { tableName } = this.table;
    // The idempotency record is a conditional put in the same transaction as the claim: either both exist
    // or neither does. Powertools idempotency would store the key in a separate write after the handler
    // ran, which leaves a window where a crash keeps the claim but loses the key (or locks the key for an
    // hour); a transaction has no such window.
    const idempotencyPut: ConditionalPut | undefined = idempotency && {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.idempotency(idempotency.principalId, idempotency.key),
          entity: 'idempotency',
          claimId: claim.id,
          requestHash: idempotency.requestHash,
          expiresAt: epochSeconds(new Date(Date.parse(claim.createdAt) + IDEMPOTENCY_TTL_SECONDS * 1000)),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createOnce(claim, event, idempotencyPut, idempotency);
      } catch (err) {
        if (attempt >= CONFLICT_ATTEMPTS || !cancellationReasons(err)?.includes('TransactionConflict')) throw err;
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20 * attempt));
      }
    }
  }

  private async createOnce(
    claim: Claim,
    event: ClaimEvent,
    idempotencyPut: ConditionalPut | undefined,
    idempotency: IdempotencyClaim | undefined,
  ): Promise<{ claim: Claim; created: boolean }> {
    const { doc, tableName } = this.table;
    // The months of its listing buckets are marked before the claim can be seen in them (partitions.ts).
    await this.months.mark(
      [submitterListing(claim.submittedBy), ...claim.tags.map(tagListing), ...(isBucketedStatus(claim.status) ? [statusListing(claim.status)] : [])],
      claim.createdAt,
    );
    try {
      // Transaction: the claim, its submission event, its tag entries (and the idempotency key) exist together.
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(idempotencyPut ? [idempotencyPut] : []),
            { Put: { TableName: tableName, Item: claimItem(claim), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName, Item: eventItem(event) } },
            ...claim.tags.map((tag) => ({ Put: { TableName: tableName, Item: tagEntry(tag, claim.createdAt, claim.id) } })),
          ],
        }),
      );
      return { claim, created: true };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (idempotency && reasons?.[0] === 'ConditionalCheckFailed') {
        return { claim: await this.replay(idempotency), created: false };
      }
      throw err;
    }
  }

  private async replay(idempotency: IdempotencyClaim): Promise<Claim> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.idempotency(idempotency.principalId, idempotency.key), ConsistentRead: true }),
    );
    if (!Item) throw new DomainError('conflict', 'a request with this Idempotency-Key is in progress; retry shortly');
    if (Item.requestHash !== idempotency.requestHash) {
      throw new DomainError('idempotency_mismatch', 'this Idempotency-Key was used with a different request body', { field: 'Idempotency-Key' });
    }
    const claim = await this.get(String(Item.claimId));
    if (!claim) throw new DomainError('conflict', 'the claim for this Idempotency-Key is not readable yet; retry shortly');
    return claim;
  }

  async get(id: string): Promise<Claim | null> {
    // '#CLAIM' and the details ('#DETAILS', '#DETAILS#evidence', '#DETAILS#triage') are the partition's only
    // sort keys starting with '#': one request reads them all, in sort key order (the legacy '#DETAILS' first).
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: { ':pk': keys.claim(id).pk, ':first': '#', ':last': '#~' },
        ConsistentRead: true,
      }),
    );
    const items = out.Items ?? [];
    const claim = items.find((i) => i.sk === keys.claim(id).sk);
    if (!claim) return null;
    const merged = withoutKeys<Claim>(claim);
    for (const details of items.filter((i) => isDetailsItem(i.sk))) Object.assign(merged, withoutKeys<Partial<Claim>>(details));
    return merged;
  }

  async getMany(ids: readonly string[]): Promise<Claim[]> {
    if (ids.length === 0) return [];
    return (await batchGetItems(this.table, ids.map(keys.claim))).map((item) => withoutKeys<Claim>(item));
  }

  async transition(
    claim: ClaimRef,
    transition: ClaimTransition,
    allChanges: Partial<Claim>,
    event: ClaimEvent | readonly ClaimEvent[],
    remove: readonly RemovableClaimField[] = [],
  ): Promise<void> {
    const rule = claimLifecycle[transition];
    if (isBucketedStatus(rule.to)) await this.months.mark([statusListing(rule.to)], claim.createdAt);
    const { tableName } = this.table;
    if (isReentrant(transition)) {
      // A move its own target allows (triage_started, evidence_gathering_started) is made only by a workflow
      // step, which the state machine retries until it returns: the conditional claim update, then the trail
      // events and detail items in one BatchWriteItem (whole Puts), not a transaction billing every item
      // twice. Stopped between the two (kill -9, a timeout), the claim has moved without its events or
      // details; the step's retry makes the same move again, which the claim's new status allows, and writes
      // them then, and the workflow goes on only once the step has returned. A claim that moved elsewhere
      // first (withdrawn) refuses the update, so nothing is added to it; one withdrawn between the two writes
      // gets what it would have had from a transaction just before the withdrawal (the events' ids were minted
      // before the update, so the trail keeps them ahead of the withdrawal).
      const { move, items } = transitionParts(tableName, claim, transition, allChanges, event, remove);
      try {
        await this.table.doc.send(new UpdateCommand(move.Update));
      } catch (err) {
        if (isConditionalCheckFailure(err)) throw await transitionRefused(this.table, claim.id, transition);
        throw err;
      }
      await batchPutItems(this.table, items);
      return;
    }
    try {
      // The claim's move and its trail event (and the details it brings) change together.
      await this.table.doc.send(new TransactWriteCommand({ TransactItems: transitionWrites(tableName, claim, transition, allChanges, event, remove) }));
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw await transitionRefused(this.table, claim.id, transition);
      throw err;
    }
  }

  async update(id: string, allChanges: Partial<Claim>, event?: ClaimEvent): Promise<void> {
    const writes = updateWrites(this.table.tableName, id, allChanges, event);
    try {
      if (writes.length === 1) {
        // Only the claim item changes (no event, no details): a conditional UpdateItem, not a one-item
        // transaction billed twice.
        await this.table.doc.send(new UpdateCommand(writes[0].Update));
      } else {
        // The claim's change and its trail event (and details) change together.
        await this.table.doc.send(new TransactWriteCommand({ TransactItems: writes }));
      }
    } catch (err) {
      if (isConditionalCheckFailure(err) || cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw new DomainError('not_found', 'claim not found');
      throw err;
    }
  }

  async appendEvent(event: ClaimEvent): Promise<void> {
    await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: eventItem(event) }));
  }

  async markWorkflowStarted(claim: ClaimRun, at: string, event: ClaimEvent): Promise<boolean> {
    const { doc, tableName } = this.table;
    // Two single-item writes, not a transaction billing both twice: the trail event first, under an id every
    // confirmation of this start derives alike (startedEventId), written only if absent; then the claim's
    // workflowStartedAt, only if unset. Stopped between the two (kill -9), the claim is still unconfirmed,
    // so the reconciler (or a retried submission) confirms it again: its event Put finds the first one and
    // writes nothing, and it sets workflowStartedAt. Concurrent confirmations likewise leave one event, and
    // the event is true whichever lands first, since the execution has started before either is written.
    const recorded = { ...event, id: startedEventId(claim) };
    try {
      await doc.send(new PutCommand({ TableName: tableName, Item: eventItem(recorded), ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
    }
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.claim(claim.id),
          UpdateExpression: 'SET #started = :at, #updatedAt = :at, #revision = #revision + :one',
          // Only the first confirmation counts.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#started)',
          ExpressionAttributeNames: { '#started': 'workflowStartedAt', '#updatedAt': 'updatedAt', '#revision': 'revision' },
          ExpressionAttributeValues: { ':at': at, ':one': 1 },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async listEvents(claimId: string, page: { limit: number; after?: string }): Promise<Page<ClaimEvent>> {
    const partition = `CLAIM#${claimId}`;
    const { items, next } = await this.listing.query(
      partition,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': 'EVENT#' },
      },
      page,
    );
    return { items: items.map((i) => withoutKeys<ClaimEvent>(i)), next };
  }

  /** See claim-listing.ts. */
  list(filter: ClaimListFilter, page: { limit: number; after?: string }): Promise<Page<Claim>> {
    return this.listing.list(filter, page);
  }

  listUnstarted(olderThan: string, limit: number): Promise<Claim[]> {
    return this.listing.listUnstarted(olderThan, limit);
  }
}

/**
 * The id of the `workflow.started` event of one run of a claim's workflow: a ULID whose time is just after
 * the run began (the claim's creation, or the re-triage that re-opened it: nothing else writes to a claim
 * before its run is confirmed started), so the trail keeps it after the events before the start and ahead of
 * the workflow's own, and whose random part is the claim and run. Every confirmation of the start derives the
 * same id from fields the run does not change. Not from the claim's last write: a confirmation that reads the
 * claim after the started workflow's triage moved it (50 parallel retries of one submission, the first still
 * between the start and its record) would name a second event.
 */
function startedEventId(claim: ClaimRun): string {
  const digest = createHash('sha256')
    .update(`${claim.id}#workflow.started#${claim.workflowRun ?? 1}`)
    .digest();
  // A claim re-opened before reopenedAt was recorded (3 Dec 2026) falls back to its last write, as before.
  const began = claim.workflowRun === undefined ? claim.createdAt : (claim.reopenedAt ?? claim.updatedAt);
  let byte = 0;
  return ulid(Date.parse(began) + 2, () => (digest[byte++ % digest.length] ?? 0) / 256);
}

/** A move whose target status is one it may start from: making it again is how a retried step completes it. */
function isReentrant(transition: ClaimTransition): boolean {
  const rule = claimLifecycle[transition];
  return (rule.from as readonly string[]).includes(rule.to);
}

/** Why a transition's condition failed: the claim is gone, or its status does not allow the move. */
export async function transitionRefused(table: TableContext, claimId: string, transition: ClaimTransition): Promise<DomainError> {
  // A Query, as `get` reads the claim (every function that moves a claim may Query it; not all may GetItem).
  const key = keys.claim(claimId);
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': key.pk, ':sk': key.sk },
      ConsistentRead: true,
    }),
  );
  const Item = out.Items?.[0];
  if (!Item) return new DomainError('not_found', 'claim not found');
  return new DomainError('conflict', `a ${String(Item.status)} claim cannot take "${transition}"`, { status: String(Item.status) });
}
