/**
 * Correction reviews. They are ordinary review items (`REVIEW#<id>`, so DynamoReviewRepository reads and
 * decides them exactly like workflow reviews) with no task token, plus a per-claim reference
 * `CLAIM#<id> / CORRECTION#<reviewId>` to list a claim's corrections. The reference deliberately does not
 * use the `REVIEW#<round>` prefix the workflow's `currentForClaim` reads.
 */
import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CorrectionReviewStore } from '../../domain/ports.ts';
import type { Review } from '../../domain/review.ts';
import { keys, withoutKeys, type TableContext } from './table.ts';

export class DynamoCorrectionReviewStore implements CorrectionReviewStore {
  constructor(private readonly table: TableContext) {}

  async open(review: Review): Promise<void> {
    // Transaction: the correction review and the claim's reference to it (which lists it) exist together.
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: { ...review, ...keys.review(review.id), entity: 'review' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.table.tableName,
              Item: { pk: `CLAIM#${review.claimId}`, sk: `CORRECTION#${review.id}`, entity: 'correction-ref', reviewId: review.id },
            },
          },
        ],
      }),
    );
  }

  async listForClaim(claimId: string): Promise<Review[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':prefix': 'CORRECTION#' },
        ConsistentRead: true,
      }),
    );
    const ids = (out.Items ?? []).map((i) => String(i.reviewId));
    if (ids.length === 0) return [];
    const reviews: Review[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const got = await this.table.doc.send(
        new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: ids.slice(i, i + 100).map((id) => keys.review(id)), ConsistentRead: true } } }),
      );
      reviews.push(...(got.Responses?.[this.table.tableName] ?? []).map((r) => withoutKeys<Review>(r)));
    }
    return reviews.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }
}
