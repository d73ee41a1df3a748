import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimMove, ReviewRepository } from '../../domain/ports.ts';
import type { ReviewDelivery } from '../../contracts/index.ts';
import type { ClaimEvent, ReviewSummary } from '../../domain/claim.ts';
import type { Review } from '../../domain/review.ts';
import { eventItem, transitionWrites } from './claim-items.ts';
import { deliveryUpdate, REVIEW_DELIVERIES_DUE } from './review-items.ts';
import { transitionRefused } from './claim-repository.ts';
import { cancellationReasons, epochSeconds, isConditionalCheckFailure, keys, withoutKeys, type TableContext } from './table.ts';

export class DynamoReviewRepository implements ReviewRepository {
  constructor(private readonly table: TableContext) {}

  async open(review: Review, taskToken: string, tokenTtlSeconds: number, claimMove?: ClaimMove): Promise<void> {
    const { tableName } = this.table;
    const expiresAt = epochSeconds(new Date(Date.now() + tokenTtlSeconds * 1000));
    // Transaction: the review, its task token (own item: no read of the review can carry it out) and the claim's
    // reference to it exist together; with a claim move, the claim awaits review exactly while the review is open.
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(claimMove ? transitionWrites(tableName, claimMove.claim, claimMove.transition, claimMove.changes, claimMove.event) : []),
            {
              Put: { TableName: tableName, Item: { ...review, ...keys.review(review.id), entity: 'review' }, ConditionExpression: 'attribute_not_exists(pk)' },
            },
            { Put: { TableName: tableName, Item: { ...keys.reviewToken(review.id), entity: 'task-token', taskToken, expiresAt } } },
            {
              Put: {
                TableName: tableName,
                Item: { pk: `CLAIM#${review.claimId}`, sk: `REVIEW#${String(review.round).padStart(3, '0')}`, entity: 'review-ref', reviewId: review.id },
              },
            },
          ],
        }),
      );
    } catch (err) {
      if (claimMove && cancellationReasons(err)?.[0] === 'ConditionalCheckFailed')
        throw await transitionRefused(this.table, review.claimId, claimMove.transition);
      throw err;
    }
  }

  async get(id: string): Promise<Review | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.review(id), ConsistentRead: true }));
    return Item ? withoutKeys<Review>(Item) : null;
  }

  async getWithToken(id: string): Promise<{ review: Review; taskToken: string | null } | null> {
    // The review and its token share a partition: one Query reads both (the token item is never returned by get).
    const { Items = [] } = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.review(id).pk },
        ConsistentRead: true,
      }),
    );
    const review = Items.find((i) => i.sk === keys.review(id).sk);
    const token = Items.find((i) => i.sk === keys.reviewToken(id).sk)?.taskToken;
    return review ? { review: withoutKeys<Review>(review), taskToken: typeof token === 'string' ? token : null } : null;
  }

  async currentForClaim(claimId: string): Promise<Review | null> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':prefix': 'REVIEW#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const ref = out.Items?.[0];
    return ref ? this.get(String(ref.reviewId)) : null;
  }

  async saveDecision(
    review: Review,
    expectedDecisions: number,
    messageId: string,
    replayTtlSeconds: number,
    claim: { review: ReviewSummary; event: ClaimEvent },
  ): Promise<'saved' | 'replay' | 'conflict' | 'claim_withdrawn'> {
    // The message id, the decision, the claim's review summary and the trail event are written together:
    // a replay is recognised, a message whose processing failed half-way is not remembered (the reviewer's
    // retry is processed, not lost), and a decision cannot land on a claim a withdrawal has just closed.
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: {
                  ...keys.message(messageId),
                  entity: 'message',
                  reviewId: review.id,
                  expiresAt: epochSeconds(new Date(Date.now() + replayTtlSeconds * 1000)),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.review(review.id),
                UpdateExpression: 'SET #decisions = :decisions, #status = :status',
                ConditionExpression: '#status = :open AND size(#decisions) = :expected',
                ExpressionAttributeNames: { '#decisions': 'decisions', '#status': 'status' },
                ExpressionAttributeValues: { ':decisions': review.decisions, ':status': review.status, ':open': 'open', ':expected': expectedDecisions },
              },
            },
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.claim(review.claimId),
                UpdateExpression: 'SET #review = :review, #updatedAt = :now, #revision = #revision + :one',
                ConditionExpression: 'attribute_exists(pk) AND #status <> :withdrawn',
                ExpressionAttributeNames: { '#review': 'review', '#updatedAt': 'updatedAt', '#revision': 'revision', '#status': 'status' },
                ExpressionAttributeValues: { ':review': claim.review, ':now': claim.event.at, ':one': 1, ':withdrawn': 'withdrawn' },
              },
            },
            { Put: { TableName: this.table.tableName, Item: eventItem(claim.event) } },
          ],
        }),
      );
      return 'saved';
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons?.[0] === 'ConditionalCheckFailed') return 'replay';
      if (reasons?.[1] === 'ConditionalCheckFailed') return 'conflict';
      if (reasons?.[2] === 'ConditionalCheckFailed') return 'claim_withdrawn';
      throw err;
    }
  }

  async markResumed(review: Pick<Review, 'id' | 'claimId' | 'status'>, at: string): Promise<'resumed' | 'review_changed' | 'claim_withdrawn'> {
    try {
      // Transaction: the review's resumed mark is written only while its claim (another item) is not withdrawn.
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.review(review.id),
                UpdateExpression: 'SET #resumed = :at',
                ConditionExpression: '#status = :status',
                ExpressionAttributeNames: { '#resumed': 'workflowResumedAt', '#status': 'status' },
                ExpressionAttributeValues: { ':at': at, ':status': review.status },
              },
            },
            {
              ConditionCheck: {
                TableName: this.table.tableName,
                Key: keys.claim(review.claimId),
                ConditionExpression: '#status <> :withdrawn',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':withdrawn': 'withdrawn' },
              },
            },
          ],
        }),
      );
      return 'resumed';
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons?.[0] === 'ConditionalCheckFailed') return 'review_changed';
      if (reasons?.[1] === 'ConditionalCheckFailed') return 'claim_withdrawn';
      throw err;
    }
  }

  async cancel(id: string): Promise<boolean> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.review(id),
          UpdateExpression: 'SET #status = :cancelled',
          ConditionExpression: '#status = :open OR (#status IN (:approved, :rejected, :changes) AND attribute_not_exists(#resumed))',
          ExpressionAttributeNames: { '#status': 'status', '#resumed': 'workflowResumedAt' },
          ExpressionAttributeValues: {
            ':cancelled': 'cancelled',
            ':open': 'open',
            ':approved': 'approved',
            ':rejected': 'rejected',
            ':changes': 'changes_requested',
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async setDelivery(id: string, delivery: ReviewDelivery): Promise<void> {
    await this.table.doc.send(new UpdateCommand(deliveryUpdate(this.table.tableName, id, delivery)));
  }

  async recordDelivery(review: Pick<Review, 'id' | 'claimId'>, delivery: ReviewDelivery, event: ClaimEvent): Promise<void> {
    const { tableName } = this.table;
    try {
      // Transaction: the review's delivery state, the claim's summary of it and the trail event say the
      // same thing, so they change together (one request instead of three and a read of the claim).
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: deliveryUpdate(tableName, review.id, delivery) },
            {
              Update: {
                TableName: tableName,
                Key: keys.claim(review.claimId),
                UpdateExpression: 'SET #review.#delivery = :delivery, #updatedAt = :now, #revision = #revision + :one',
                ConditionExpression: '#review.#reviewId = :reviewId',
                ExpressionAttributeNames: {
                  '#review': 'review',
                  '#delivery': 'delivery',
                  '#reviewId': 'reviewId',
                  '#updatedAt': 'updatedAt',
                  '#revision': 'revision',
                },
                ExpressionAttributeValues: { ':delivery': delivery, ':reviewId': review.id, ':now': event.at, ':one': 1 },
              },
            },
            { Put: { TableName: tableName, Item: eventItem(event) } },
          ],
        }),
      );
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!reasons?.slice(0, 2).includes('ConditionalCheckFailed')) throw err;
      // The claim's summary is of another review (or no claim): the review (which must exist) and the trail only.
      await this.setDelivery(review.id, delivery);
      await this.table.doc.send(new PutCommand({ TableName: tableName, Item: eventItem(event) }));
    }
  }

  async dueDeliveries(now: string, limit: number): Promise<Review[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':pk': REVIEW_DELIVERIES_DUE, ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).filter((i) => i.entity === 'review').map((i) => withoutKeys<Review>(i));
  }

  async replaceToken(id: string, taskToken: string, tokenTtlSeconds: number): Promise<void> {
    const expiresAt = epochSeconds(new Date(Date.now() + tokenTtlSeconds * 1000));
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.tableName, Item: { ...keys.reviewToken(id), entity: 'task-token', taskToken, expiresAt } }),
    );
  }

  async messageReview(messageId: string): Promise<string | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.message(messageId), ConsistentRead: true }));
    return Item ? String(Item.reviewId) : null;
  }

  async setStatus(id: string, status: Review['status'], extra: Partial<Review> = {}, onlyIf?: Review['status']): Promise<boolean> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':status': status, ...(onlyIf ? { ':expected': onlyIf } : {}) };
    const sets = ['#status = :status'];
    Object.entries(extra).forEach(([k, v], i) => {
      names[`#e${i}`] = k;
      values[`:e${i}`] = v;
      sets.push(`#e${i} = :e${i}`);
    });
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.review(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: onlyIf ? 'attribute_exists(pk) AND #status = :expected' : 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (onlyIf && isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async taskToken(id: string): Promise<string | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.reviewToken(id), ConsistentRead: true }));
    return typeof Item?.taskToken === 'string' ? Item.taskToken : null;
  }
}
