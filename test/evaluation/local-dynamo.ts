/** DynamoDB Local with the stack's table, and the project's similar-claim index on it (evaluation, bench). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { synthesizeTemplate } from '../../infra/local/cloud-template.ts';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';

export interface RequestCounter {
  requests: Map<string, number>;
  readUnits: number;
  writeUnits: number;
  reset(): void;
}

export async function startLocalDynamo(): Promise<{
  index: DynamoSimilarClaimIndex;
  stop: () => Promise<void>;
  counter: RequestCounter;
  table: TableContext;
}> {
  const [dynamo, template] = await Promise.all([startDynamoDbLocal(), synthesizeTemplate()]);
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 6,
  });
  const counter: RequestCounter = {
    requests: new Map(),
    readUnits: 0,
    writeUnits: 0,
    reset() {
      this.requests.clear();
      this.readUnits = 0;
      this.writeUnits = 0;
    },
  };
  // Counts requests and the capacity DynamoDB reports for each (ReturnConsumedCapacity TOTAL on every call).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counter.requests.set(name, (counter.requests.get(name) ?? 0) + 1);
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const out = await next(args);
      const cc = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of (Array.isArray(cc) ? cc : cc ? [cc] : []) as Array<{ ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number }>) {
        if (name.includes('Get') || name.includes('Query')) counter.readUnits += c.ReadCapacityUnits ?? c.CapacityUnits ?? 0;
        else counter.writeUnits += c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;
      }
      return out;
    },
    { step: 'initialize', name: 'countCapacity' },
  );
  const tableName = 'factflow-matching-eval';
  await ensureTable(client, template, tableName);
  const table = { doc: createDocumentClient(client), tableName };
  const index = new DynamoSimilarClaimIndex(table);
  return { index, counter, table, stop: () => dynamo.stop() };
}
