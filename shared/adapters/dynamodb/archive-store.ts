/**
 * Imported (archived) verdicts in the single table: the claim item (status published, so it lists with the
 * other published claims), verdict version 1 and the `claim.imported` trail event, in one conditional
 * transaction: importing the same record again writes nothing (3 write requests' worth of units the first
 * time, 1 read unit for the failed condition after). The verdict item carries no feed keys: partners' change
 * feed lists what this desk publishes, not a back catalogue dated years ago (which would also land behind
 * feed readers' positions).
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ArchiveStore } from '../../domain/archive/import-archive.ts';
import type { Claim, ClaimEvent } from '../../domain/claim.ts';
import type { Verdict } from '../../domain/verdict.ts';
import { claimItem, eventItem } from './claim-items.ts';
import { MonthIndex, statusListing, submitterListing, tagListing } from './partitions.ts';
import { cancellationReasons, keys, type TableContext } from './table.ts';
import { backoff } from '../../domain/backoff.ts';

export class DynamoArchiveStore implements ArchiveStore {
  /** The listing buckets an imported claim lands in (partitions.ts). */
  private readonly months: MonthIndex;

  constructor(private readonly table: TableContext) {
    this.months = new MonthIndex(table);
  }

  async storeImported(claim: Claim, verdict: Verdict, event: ClaimEvent): Promise<boolean> {
    const { doc, tableName } = this.table;
    await this.months.mark([statusListing(claim.status), submitterListing(claim.submittedBy), ...claim.tags.map(tagListing)], claim.createdAt);
    for (let attempt = 1; ; attempt++) {
      try {
        // Transaction: the imported claim, its verdict and its trail event exist together or not at all.
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: claimItem(claim), ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: tableName, Item: { ...verdict, ...keys.verdict(claim.id, 1), entity: 'verdict' } } },
              { Put: { TableName: tableName, Item: eventItem(event) } },
            ],
          }),
        );
        return true;
      } catch (err) {
        const reasons = cancellationReasons(err);
        if (reasons?.[0] === 'ConditionalCheckFailed') return false;
        if (!reasons?.includes('TransactionConflict') || attempt >= 4) throw err;
        await backoff(attempt, { baseMs: 50, jitter: 'full' });
      }
    }
  }

  async isIndexed(claimId: string): Promise<boolean> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: { pk: `SIG#${claimId}`, sk: '#SIG' }, ProjectionExpression: 'pk' }),
    );
    return Item !== undefined;
  }
}
