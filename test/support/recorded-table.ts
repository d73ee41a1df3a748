/**
 * A fresh table in the suite's DynamoDB Local (same key design and indexes as the synthesized template),
 * behind a client that records the name of every command it sends, for tests that assert how many
 * requests an adapter makes.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';

/** `requests`: the command names sent so far (e.g. GetItemCommand), oldest first; empty it to start counting. */
export async function recordedTable(prefix: string): Promise<{ table: TableContext; client: DynamoDBClient; requests: string[] }> {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const requests: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      requests.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  const tableName = `${prefix}-${randomBytes(6).toString('hex')}`;
  await ensureTable(client, template, tableName);
  return { table: { doc: createDocumentClient(client), tableName }, client, requests };
}
