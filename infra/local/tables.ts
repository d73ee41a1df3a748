import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { tableDefinition, type CloudTemplate } from './cloud-template.ts';

/** Creates the table from the synthesized template when it is missing. Returns true when it created it. */
export async function ensureTable(client: DynamoDBClient, template: CloudTemplate, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'ResourceNotFoundException') throw err;
  }
  const { create, ttlAttribute } = tableDefinition(template, tableName);
  await client.send(new CreateTableCommand(create));
  if (ttlAttribute) {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: ttlAttribute } }));
  }
  return true;
}
