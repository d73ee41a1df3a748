import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A claim as stored: the claim item (keys included) with its details item (triage, evidence, provider
 * outcomes) laid over it, the two items DynamoClaimRepository writes. Undefined when there is no claim.
 */
export async function readStoredClaim(doc: DynamoDBDocumentClient, tableName: string, claimId: string): Promise<Record<string, unknown> | undefined> {
  const [claim, details] = await Promise.all(
    ['#CLAIM', '#DETAILS'].map((sk) => doc.send(new GetCommand({ TableName: tableName, Key: { pk: `CLAIM#${claimId}`, sk }, ConsistentRead: true }))),
  );
  if (!claim?.Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, ...detailFields } = details?.Item ?? {};
  return { ...claim.Item, ...detailFields };
}
