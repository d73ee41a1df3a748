/**
 * The single DynamoDB table: key design and shared plumbing.
 *
 * | item               | pk                          | sk                 | indexes / notes                              |
 * | ------------------ | --------------------------- | ------------------ | -------------------------------------------- |
 * | claim              | CLAIM#<id>                  | #CLAIM             | gsi1 STATUS#<status>[#<yyyy-mm>], gsi2 SUBMITTER#<p>#<yyyy-mm> |
 * | trail event        | CLAIM#<id>                  | EVENT#<ulid>       |                                              |
 * | claim details      | CLAIM#<id>                  | #DETAILS#<part>    | triage; evidence with provider outcomes (claim-items.ts); #DETAILS: both, before the split |
 * | verdict version    | CLAIM#<id>                  | VERDICT#<000001>   | gsi1 FEED#<day> (the partner change feed)    |
 * | review reference   | CLAIM#<id>                  | REVIEW#<round>     | the claim's reviews, newest last             |
 * | correction ref     | CLAIM#<id>                  | CORRECTION#<id>    |                                              |
 * | feed day           | FEEDDAYS                    | <yyyy-mm-dd>       | a day that holds feed changes (feed-repository) |
 * | tag entry          | TAG#<tag>#<yyyy-mm>         | <createdAt>#<id>   | month buckets (partitions.ts)                |
 * | listing month      | MONTHS#<listing>            | <yyyy-mm>          | a month bucket that holds claims (partitions.ts) |
 * | tag month set      | MONTHSET#TAG#<tag>          | months             | the tag's months, read with a page's claims      |
 * | review             | REVIEW#<id>                 | #REVIEW            |                                              |
 * | task token         | REVIEW#<id>                 | TOKEN              | TTL; never returned with the review          |
 * | webhook message    | MESSAGE#<webhook-id>        | #MESSAGE           | TTL (replay window)                          |
 * | idempotency key    | IDEMPOTENCY#<principal>#<k> | #IDEMPOTENCY       | TTL                                          |
 * | similarity band    | LSH#<band key>              | #BAND              | capped member list (similar-claim-index.ts)  |
 * | claim signature    | SIG#<claimId>               | <kind>             |                                              |
 * | principal          | PRINCIPAL#<id>              | #PRINCIPAL         | gsi1 PRINCIPALS                              |
 * | api key reference  | PRINCIPAL#<id>              | KEY#<prefix>       |                                              |
 * | api key            | APIKEY#<hash>               | #APIKEY            |                                              |
 * | notification       | NOTIFICATION#<id>           | #NOTIFICATION      | queued partner events (publish transaction)  |
 * | subscription       | PARTNER#<id>                | SUBSCRIPTION#<id>  |                                              |
 * | delivery           | DELIVERY#<id>               | #DELIVERY          | gsi1 PARTNER#<id>#DELIVERIES                 |
 *
 * Every list the API serves is a Query on a partition designed for it; nothing scans.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../../domain/backoff.ts';

export const keys = {
  claim: (id: string) => ({ pk: `CLAIM#${id}`, sk: '#CLAIM' }),
  event: (claimId: string, eventId: string) => ({ pk: `CLAIM#${claimId}`, sk: `EVENT#${eventId}` }),
  verdict: (claimId: string, version: number) => ({ pk: `CLAIM#${claimId}`, sk: `VERDICT#${String(version).padStart(6, '0')}` }),
  review: (id: string) => ({ pk: `REVIEW#${id}`, sk: '#REVIEW' }),
  reviewToken: (id: string) => ({ pk: `REVIEW#${id}`, sk: 'TOKEN' }),
  message: (id: string) => ({ pk: `MESSAGE#${id}`, sk: '#MESSAGE' }),
  idempotency: (principalId: string, key: string) => ({ pk: `IDEMPOTENCY#${principalId}#${key}`, sk: '#IDEMPOTENCY' }),
  principal: (id: string) => ({ pk: `PRINCIPAL#${id}`, sk: '#PRINCIPAL' }),
  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: '#APIKEY' }),
};

export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entity', 'expiresAt'] as const;

/** Drops key and index attributes from an item, leaving the domain object. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const k of keyAttributes) delete copy[k];
  return copy as T;
}

export interface TableContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * One client per process. Endpoint comes from the SDK's own configuration (AWS_ENDPOINT_URL_DYNAMODB
 * locally), so the code path is the one that runs on AWS.
 */
export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Every item of one gsi1 partition, all pages; for small partitions only (principals, subscriptions). */
export async function queryWholeGsi1Partition(table: TableContext, partition: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The items of up to 100 keys in one BatchGetItem (eventually consistent), in no particular order; missing
 * keys are left out. Unprocessed keys are asked again a few times, then the call fails as retryable.
 */
export async function batchGetItems(table: TableContext, itemKeys: ReadonlyArray<{ pk: string; sk: string }>): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  let pending: Array<Record<string, unknown>> = [...new Map(itemKeys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    if (attempt > 0) await backoff(attempt, { baseMs: 40, jitter: 'none' });
    const out = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending } } }));
    found.push(...(out.Responses?.[table.tableName] ?? []));
    pending = (out.UnprocessedKeys?.[table.tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
  }
  if (pending.length > 0) throw Object.assign(new Error('DynamoDB left keys of a batch read unprocessed; retry'), { name: 'TransientError' });
  return found;
}

/** One request of a BatchWriteItem: a whole-item Put or a Delete. */
export type BatchWriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/**
 * BatchWriteItem in requests of 25 (its limit), each asking again, with backoff, for what came back unprocessed;
 * after 5 tries it throws a TransientError (the caller's retry writes the same items again).
 */
export async function batchWriteItems(table: TableContext, requests: readonly BatchWriteRequest[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
      if (attempt > 0) await backoff(attempt, { baseMs: 40, jitter: 'none' });
      const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: [...pending] } }));
      pending = (out.UnprocessedItems?.[table.tableName] as BatchWriteRequest[] | undefined) ?? [];
    }
    if (pending.length > 0) throw Object.assign(new Error('DynamoDB left items of a batch write unprocessed; retry'), { name: 'TransientError' });
  }
}

/** Whole Puts (one request for the few items a step adds): sending one twice is harmless. */
export function batchPutItems(table: TableContext, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  return batchWriteItems(
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
}

/** Every page of a Scan, in order. For operator backfills only: a Scan reads the whole table, never on a request path. */
export async function* scanPages(
  table: TableContext,
  input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): AsyncGenerator<Array<Record<string, unknown>>> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await table.doc.send(new ScanCommand({ ...input, TableName: table.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    yield out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

export function isConditionalCheckFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** TransactWriteItems cancellation where one of the conditions failed. */
export function cancellationReasons(err: unknown): string[] | null {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return null;
  const reasons = (err as Error & { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}
