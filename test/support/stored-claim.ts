import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isDetailsItem } from '../../shared/adapters/dynamodb/claim-items.ts';

/**
 * A claim as stored: the claim item (keys included) with its detail items (triage, evidence, provider
 * outcomes: the legacy `#DETAILS` item, then the newer `#DETAILS#triage` and `#DETAILS#evidence`) laid over it, the items
 * DynamoClaimRepository writes. Undefined when there is no claim.
 */
export async function readStoredClaim(doc: DynamoDBDocumentClient, tableName: string, claimId: string): Promise<Record<string, unknown> | undefined> {
  const { Items = [] } = await doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':first': '#', ':last': '#~' },
      ConsistentRead: true,
    }),
  );
  const claim = Items.find((i) => i.sk === '#CLAIM');
  if (!claim) return undefined;
  const stored: Record<string, unknown> = { ...claim };
  for (const { pk: _pk, sk: _sk, entity: _entity, ...fields } of Items.filter((i) => isDetailsItem(i.sk))) Object.assign(stored, fields);
  return stored;
}
