/**
 * Partner subscriptions, the partner notification queue and deliveries, in the single table.
 *
 * | item          | pk                    | sk                  | indexes                                                  |
 * | ------------- | --------------------- | ------------------- | -------------------------------------------------------- |
 * | subscription  | PARTNER#<principal>   | SUBSCRIPTION#<id>   | gsi1 SUBSCRIPTIONS#active / <id> while enabled (sparse)   |
 * | notification  | NOTIFICATION#<id>     | #NOTIFICATION       | gsi2 NOTIFICATIONS#queued / <createdAt>#<id> until fanned out (sparse) |
 * | delivery      | DELIVERY#<id>         | #DELIVERY           | gsi1 PARTNER#<principal>#DELIVERIES / <createdAt>#<id>;   |
 * |               |                       |                     | gsi2 DELIVERIES#due / <nextAttemptAt>#<id> while pending (sparse) |
 *
 * The two queue partitions hold only work not yet done (entries leave the index as soon as they are
 * handled), so they stay small: their volume is verdict publications times subscriptions, tens an hour.
 * The attempt log lives on the delivery item (bounded by the attempt limit plus re-sends).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors.ts';
import type { Delivery, StoredSubscription, Subscription } from '../../domain/partner.ts';
import type { Page, PartnerRepository } from '../../domain/ports.ts';
import type { PartnerNotification } from '../../domain/verdict.ts';
import type { CursorCodec } from '../cursor.ts';
import { isConditionalCheckFailure, queryWholeGsi1Partition, withoutKeys, type TableContext } from './table.ts';

/** Index keys that put a freshly queued partner notification on the fan-out queue. */
export function notificationQueueKeys(n: Pick<PartnerNotification, 'id' | 'createdAt'>): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: 'NOTIFICATIONS#queued', gsi2sk: `${n.createdAt}#${n.id}` };
}

/** Attempts kept on a delivery item; older ones are summarised away (a re-sent delivery keeps growing). */
const ATTEMPT_LOG_LIMIT = 50;

const subscriptionKey = (partnerId: string, id: string) => ({ pk: `PARTNER#${partnerId}`, sk: `SUBSCRIPTION#${id}` });
const deliveryKey = (id: string) => ({ pk: `DELIVERY#${id}`, sk: '#DELIVERY' });

function subscriptionItem(s: StoredSubscription): Record<string, unknown> {
  return { ...s, ...subscriptionKey(s.partnerId, s.id), entity: 'subscription', ...(s.enabled ? { gsi1pk: 'SUBSCRIPTIONS#active', gsi1sk: s.id } : {}) };
}

function deliveryItem(d: Delivery): Record<string, unknown> {
  return {
    ...d,
    attempts: d.attempts.slice(-ATTEMPT_LOG_LIMIT),
    ...deliveryKey(d.id),
    entity: 'delivery',
    gsi1pk: `PARTNER#${d.partnerId}#DELIVERIES`,
    gsi1sk: `${d.createdAt}#${d.id}`,
    ...(d.status === 'pending' && d.nextAttemptAt ? { gsi2pk: 'DELIVERIES#due', gsi2sk: `${d.nextAttemptAt}#${d.id}` } : {}),
  };
}

/** The public view of a stored subscription: never the secret. */
function publicSubscription(item: Record<string, unknown>): Subscription {
  const { secret: _secret, ...rest } = withoutKeys<StoredSubscription>(item);
  return rest;
}

export class DynamoPartnerRepository implements PartnerRepository {
  constructor(
    private readonly table: TableContext,
    private readonly cursors: CursorCodec,
  ) {}

  async createSubscription(subscription: StoredSubscription, maxPerPartner: number): Promise<void> {
    const existing = await this.listSubscriptions(subscription.partnerId);
    if (existing.length >= maxPerPartner) {
      throw new DomainError('conflict', `a partner may have at most ${maxPerPartner} subscriptions; delete one first`);
    }
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.tableName, Item: subscriptionItem(subscription), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async getSubscription(partnerId: string, id: string): Promise<StoredSubscription | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: subscriptionKey(partnerId, id), ConsistentRead: true }));
    return Item ? withoutKeys<StoredSubscription>(Item) : null;
  }

  async listSubscriptions(partnerId: string): Promise<Subscription[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PARTNER#${partnerId}`, ':prefix': 'SUBSCRIPTION#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map(publicSubscription);
  }

  async deleteSubscription(partnerId: string, id: string): Promise<boolean> {
    try {
      await this.table.doc.send(
        new DeleteCommand({ TableName: this.table.tableName, Key: subscriptionKey(partnerId, id), ConditionExpression: 'attribute_exists(pk)' }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async activeSubscriptions(): Promise<StoredSubscription[]> {
    const items = (await queryWholeGsi1Partition(this.table, 'SUBSCRIPTIONS#active')).map((i) => withoutKeys<StoredSubscription>(i));
    // The index is eventually consistent: a subscription disabled a moment ago may still be listed.
    return items.filter((s) => s.enabled);
  }

  async setEnabled(partnerId: string, id: string, enabled: boolean, at: string, reason?: string): Promise<Subscription | null> {
    try {
      const out = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: subscriptionKey(partnerId, id),
          ConditionExpression: 'attribute_exists(pk)',
          ...(enabled
            ? {
                UpdateExpression:
                  'SET enabled = :t, consecutiveFailures = :zero, updatedAt = :at, gsi1pk = :active, gsi1sk = :id REMOVE disabledReason, disabledAt',
                ExpressionAttributeValues: { ':t': true, ':zero': 0, ':at': at, ':active': 'SUBSCRIPTIONS#active', ':id': id },
              }
            : {
                UpdateExpression: 'SET enabled = :f, disabledReason = :reason, disabledAt = :at, updatedAt = :at REMOVE gsi1pk, gsi1sk',
                ExpressionAttributeValues: { ':f': false, ':reason': reason ?? 'disabled', ':at': at },
              }),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? publicSubscription(out.Attributes) : null;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return null;
      throw err;
    }
  }

  async recordOutcome(partnerId: string, id: string, ok: boolean, at: string): Promise<Subscription | null> {
    try {
      const out = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: subscriptionKey(partnerId, id),
          ConditionExpression: 'attribute_exists(pk)',
          UpdateExpression: ok ? 'SET consecutiveFailures = :zero, updatedAt = :at' : 'SET consecutiveFailures = consecutiveFailures + :one, updatedAt = :at',
          ExpressionAttributeValues: ok ? { ':zero': 0, ':at': at } : { ':one': 1, ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? publicSubscription(out.Attributes) : null;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return null; // deleted meanwhile
      throw err;
    }
  }

  async queuedNotifications(limit: number): Promise<PartnerNotification[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'NOTIFICATIONS#queued' },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      id: String(i.id),
      type: i.type as PartnerNotification['type'],
      claimId: String(i.claimId),
      version: Number(i.version),
      createdAt: String(i.createdAt),
    }));
  }

  async markDispatched(notificationId: string, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { pk: `NOTIFICATION#${notificationId}`, sk: '#NOTIFICATION' },
        UpdateExpression: 'SET #state = :dispatched, dispatchedAt = :at REMOVE gsi2pk, gsi2sk',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':dispatched': 'dispatched', ':at': at },
      }),
    );
  }

  async createDelivery(delivery: Delivery): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({ TableName: this.table.tableName, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async getDelivery(id: string): Promise<Delivery | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: deliveryKey(id), ConsistentRead: true }));
    return Item ? withoutKeys<Delivery>(Item) : null;
  }

  async dueDeliveries(now: string, limit: number): Promise<Delivery[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi2',
        // '~' sorts after the '#<id>' suffix, so everything due at or before `now` is included.
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :now',
        ExpressionAttributeValues: { ':pk': 'DELIVERIES#due', ':now': `${now}~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => withoutKeys<Delivery>(i));
  }

  async lease(delivery: Delivery, until: string): Promise<boolean> {
    // The index entry may be stale; the condition is checked against the item itself.
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: deliveryKey(delivery.id),
          UpdateExpression: 'SET nextAttemptAt = :until, gsi2sk = :sk',
          ConditionExpression: '#status = :pending AND nextAttemptAt = :seen',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':until': until, ':sk': `${until}#${delivery.id}`, ':pending': 'pending', ':seen': delivery.nextAttemptAt ?? '' },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async saveDelivery(delivery: Delivery): Promise<void> {
    await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: deliveryItem(delivery) }));
  }

  async listDeliveries(partnerId: string, filter: { subscriptionId?: string }, page: { limit: number; after?: string }): Promise<Page<Delivery>> {
    const start = this.cursors.decode(page.after);
    if (start && start.gsi1pk !== `PARTNER#${partnerId}#DELIVERIES`) {
      throw new DomainError('invalid', 'cursor is not one this listing issued', { field: 'cursor', rule: 'opaque cursor from a previous page' });
    }
    // Newest first. The per-subscription listing narrows the partner's listing with a filter: a partner
    // has a handful of subscriptions, so the filter discards little.
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(filter.subscriptionId ? { FilterExpression: 'subscriptionId = :sid' } : {}),
        ExpressionAttributeValues: { ':pk': `PARTNER#${partnerId}#DELIVERIES`, ...(filter.subscriptionId ? { ':sid': filter.subscriptionId } : {}) },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return { items: (out.Items ?? []).map((i) => withoutKeys<Delivery>(i)), next: this.cursors.encode(out.LastEvaluatedKey) };
  }
}
