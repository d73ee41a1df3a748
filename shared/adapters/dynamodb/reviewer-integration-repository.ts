import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors.ts';
import type { ReviewerIntegration, ReviewerIntegrationRepository } from '../../domain/reviewer-integrations.ts';
import { isConditionalCheckFailure, queryWholeGsi1Partition, withoutKeys, type TableContext } from './table.ts';

const key = (id: string) => ({ pk: `INTEGRATION#${id}`, sk: '#INTEGRATION' });

/** One item per integration; listed from the REVIEWER_INTEGRATIONS partition of gsi1 (they number in the dozens). */
export class DynamoReviewerIntegrationRepository implements ReviewerIntegrationRepository {
  constructor(private readonly table: TableContext) {}

  async create(integration: ReviewerIntegration): Promise<void> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...integration,
            ...key(integration.id),
            entity: 'reviewer-integration',
            gsi1pk: 'REVIEWER_INTEGRATIONS',
            gsi1sk: `${integration.createdAt}#${integration.id}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailure(err)) throw new DomainError('conflict', 'a reviewer integration with this id exists');
      throw err;
    }
  }

  async get(id: string): Promise<ReviewerIntegration | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: key(id), ConsistentRead: true }));
    return Item ? withoutKeys<ReviewerIntegration>(Item) : null;
  }

  async list(): Promise<ReviewerIntegration[]> {
    return (await queryWholeGsi1Partition(this.table, 'REVIEWER_INTEGRATIONS')).map((i) => withoutKeys<ReviewerIntegration>(i));
  }

  async revoke(id: string): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: key(id),
          UpdateExpression: 'SET revoked = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': true },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailure(err)) throw new DomainError('not_found', 'no reviewer integration with this id');
      throw err;
    }
  }
}
