import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Claim, ClaimEvent } from '../../domain/claim.ts';
import { claimLifecycle } from '../../domain/claim.ts';
import { DomainError } from '../../domain/errors.ts';
import type { VerdictRepository } from '../../domain/ports.ts';
import type { PartnerNotification, Verdict } from '../../domain/verdict.ts';
import { batchGetItems, cancellationReasons, keys, withoutKeys, type TableContext } from './table.ts';
import { feedDayMarker, feedIndexKeys } from './feed-repository.ts';
import { notificationQueueKeys } from './partner-repository.ts';
import { MonthIndex, statusListing, statusPartition } from './partitions.ts';
import { backoff } from '../../domain/backoff.ts';

export class DynamoVerdictRepository implements VerdictRepository {
  /** Days this process has already marked in the feed's day index (one Put per day per process at most). */
  private readonly markedDays = new Set<string>();

  /** The published claims' month buckets (partitions.ts). */
  private readonly months: MonthIndex;

  constructor(private readonly table: TableContext) {
    this.months = new MonthIndex(table);
  }

  async publish(verdict: Verdict, claim: Claim, event: ClaimEvent, notifications: PartnerNotification[]): Promise<void> {
    await this.markFeedDay(verdict.publishedAt);
    await this.months.mark([statusListing('published')], claim.createdAt);
    // Concurrent publishes can both be cancelled with TransactionConflict: retry a few times, and the
    // verdict's condition then decides which one published (the other gets 'conflict').
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.publishOnce(verdict, claim, event, notifications);
      } catch (err) {
        if (!(err instanceof Error && err.name === 'TransientError') || attempt >= 4) throw err;
        await backoff(attempt, { baseMs: 50, jitter: 'full' });
      }
    }
  }

  /**
   * The feed's day index must name a day before any version of that day is visible (feed-repository.ts):
   * a plain idempotent Put before the publishing transaction, not an item inside it (which would bill 2
   * WRU on every publish). A publish that then fails leaves a marker for a day that may hold nothing,
   * which costs a reader one empty bucket read, never a missed change.
   */
  private async markFeedDay(publishedAt: string): Promise<void> {
    const marker = feedDayMarker(publishedAt);
    if (this.markedDays.has(marker.sk)) return;
    await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: marker }));
    this.markedDays.add(marker.sk);
  }

  private async publishOnce(verdict: Verdict, claim: Claim, event: ClaimEvent, notifications: PartnerNotification[]): Promise<void> {
    const { tableName } = this.table;
    const rule = claimLifecycle.verdict_published;
    const isFirst = verdict.version === 1;
    try {
      // Transaction: the verdict version, the claim's move to published, its trail event and the partner notifications change together.
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...verdict, ...keys.verdict(verdict.claimId, verdict.version), entity: 'verdict', ...feedIndexKeys(verdict) },
                // A replayed or concurrent publish of the same version fails here and writes nothing.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: keys.claim(claim.id),
                UpdateExpression: 'SET #status = :to, gsi1pk = :gsi1pk, verdictVersion = :version, updatedAt = :now, #revision = #revision + :one',
                ConditionExpression: isFirst ? '#status IN (:from0)' : '#status = :published',
                ExpressionAttributeNames: { '#status': 'status', '#revision': 'revision' },
                ExpressionAttributeValues: {
                  ':to': rule.to,
                  ':gsi1pk': statusPartition(rule.to, claim.createdAt),
                  ':version': verdict.version,
                  ':now': verdict.publishedAt,
                  ':one': 1,
                  ...(isFirst ? { ':from0': rule.from[0] } : { ':published': 'published' }),
                },
              },
            },
            { Put: { TableName: tableName, Item: { ...event, ...keys.event(event.claimId, event.id), entity: 'event' } } },
            ...notifications.map((n) => ({
              Put: {
                TableName: tableName,
                Item: { ...n, pk: `NOTIFICATION#${n.id}`, sk: '#NOTIFICATION', entity: 'notification', state: 'queued', ...notificationQueueKeys(n) },
              },
            })),
          ],
        }),
      );
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (reasons?.includes('ConditionalCheckFailed')) {
        throw new DomainError('conflict', `verdict version ${verdict.version} of this claim is already published or the claim cannot be published`);
      }
      if (reasons?.includes('TransactionConflict')) {
        // A concurrent transaction on the same items (a concurrent publish): retryable; the name is one
        // the state machine's Retry matches.
        throw Object.assign(new Error('a concurrent write to this claim was in progress; retry'), { name: 'TransientError' });
      }
      throw err;
    }
  }

  async get(claimId: string, version?: number): Promise<Verdict | null> {
    if (version !== undefined) {
      const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.verdict(claimId, version) }));
      return Item ? withoutKeys<Verdict>(Item) : null;
    }
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':prefix': 'VERDICT#' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? withoutKeys<Verdict>(item) : null;
  }

  async getMany(versions: ReadonlyArray<{ claimId: string; version: number }>): Promise<Verdict[]> {
    if (versions.length === 0) return [];
    return (
      await batchGetItems(
        this.table,
        versions.map((v) => keys.verdict(v.claimId, v.version)),
      )
    ).map((item) => withoutKeys<Verdict>(item));
  }
}
