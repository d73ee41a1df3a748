/**
 * Documents in the single table. A document (up to 200,000 characters of text plus its segments and scored
 * candidates) can be larger than one 400 KB item, so it is stored as a small head item plus the serialized body cut
 * into parts, all under one partition; `get` reads them with one Query. A processing result replaces the parts and
 * the head in one transaction, so a reader never sees half of one. Everything carries the document's TTL.
 *
 * | item              | pk              | sk           | attributes                                       |
 * | ----------------- | --------------- | ------------ | ------------------------------------------------ |
 * | document head     | DOCUMENT#<id>   | #DOCUMENT    | status, submittedBy, parts, submissions, expiresAt |
 * | document part     | DOCUMENT#<id>   | PART#<0000>  | body: a slice of the serialized document          |
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentRepository, FactDocument } from '../../domain/documents/document.ts';
import { DomainError } from '../../domain/errors.ts';
import type { IdempotencyClaim } from '../../domain/ports.ts';
import { cancellationReasons, keys, type TableContext } from './table.ts';

/** Characters per part: at most 3 bytes each in UTF-8, so a part stays well under the 400 KB item limit. */
const PART_CHARS = 110_000;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

const head = (id: string) => ({ pk: `DOCUMENT#${id}`, sk: '#DOCUMENT' });
const part = (id: string, n: number) => ({ pk: `DOCUMENT#${id}`, sk: `PART#${String(n).padStart(4, '0')}` });

/** The fields kept on the head item (small, updated in place); the rest is the body. */
type Head = Pick<FactDocument, 'id' | 'status' | 'submittedBy' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'submissions'> & { parts: number };

function split(document: FactDocument): { headItem: Head; parts: string[] } {
  const { submissions, ...rest } = document;
  const body = JSON.stringify(rest);
  const parts: string[] = [];
  for (let i = 0; i < body.length; i += PART_CHARS) parts.push(body.slice(i, i + PART_CHARS));
  return {
    headItem: {
      id: document.id,
      status: document.status,
      submittedBy: document.submittedBy,
      createdAt: document.createdAt,
      updatedAt: document.updatedAt,
      expiresAt: document.expiresAt,
      submissions: submissions ?? {},
      parts: parts.length,
    },
    parts,
  };
}

export class DynamoDocumentRepository implements DocumentRepository {
  constructor(private readonly table: TableContext) {}

  private puts(document: FactDocument, previousParts: number) {
    const { headItem, parts } = split(document);
    const items = parts.map((body, n) => ({
      Put: { TableName: this.table.tableName, Item: { ...part(document.id, n), entity: 'document-part', body, expiresAt: document.expiresAt } },
    }));
    const deletes = [];
    for (let n = parts.length; n < previousParts; n++) deletes.push({ Delete: { TableName: this.table.tableName, Key: part(document.id, n) } });
    return { headItem, items, deletes };
  }

  async create(document: FactDocument, idempotency?: IdempotencyClaim): Promise<{ document: FactDocument; created: boolean }> {
    const { headItem, items } = this.puts(document, 0);
    const idem = idempotency && {
      Put: {
        TableName: this.table.tableName,
        Item: {
          ...keys.idempotency(idempotency.principalId, idempotency.key),
          entity: 'idempotency',
          documentId: document.id,
          requestHash: idempotency.requestHash,
          expiresAt: Math.floor(Date.parse(document.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      // Transaction: the document head, its body parts (and the idempotency key) exist together.
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(idem ? [idem] : []),
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...head(document.id), entity: 'document', ...headItem },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...items,
          ],
        }),
      );
      return { document, created: true };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (!idempotency || (reasons?.[0] !== 'ConditionalCheckFailed' && !reasons?.includes('TransactionConflict'))) throw err;
      const { Item } = await this.table.doc.send(
        new GetCommand({ TableName: this.table.tableName, Key: keys.idempotency(idempotency.principalId, idempotency.key), ConsistentRead: true }),
      );
      if (!Item) throw new DomainError('unavailable', 'a concurrent request with this Idempotency-Key is in progress; retry');
      if (Item.requestHash !== idempotency.requestHash) throw new DomainError('idempotency_mismatch', 'this Idempotency-Key was used with a different request');
      const existing = await this.get(String(Item.documentId));
      if (!existing) throw new DomainError('gone', 'the document created with this Idempotency-Key has expired');
      return { document: existing, created: false };
    }
  }

  async get(id: string): Promise<FactDocument | null> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `DOCUMENT#${id}` },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    const headItem = items.find((i) => i.sk === '#DOCUMENT');
    if (!headItem) return null;
    // TTL deletion is lazy (up to days): an expired document is gone even if DynamoDB has not removed it yet.
    if (typeof headItem.expiresAt === 'number' && headItem.expiresAt * 1000 < Date.now()) return null;
    const parts = items
      .filter((i) => typeof i.sk === 'string' && i.sk.startsWith('PART#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .slice(0, Number(headItem.parts))
      .map((i) => String(i.body));
    if (parts.length !== Number(headItem.parts)) return null;
    const body = JSON.parse(parts.join('')) as FactDocument;
    return {
      ...body,
      status: headItem.status as FactDocument['status'],
      updatedAt: String(headItem.updatedAt),
      submissions: (headItem.submissions as Record<string, string>) ?? {},
    };
  }

  async saveResult(document: FactDocument): Promise<void> {
    const current = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: head(document.id), ConsistentRead: true }));
    const previousParts = Number(current.Item?.parts ?? 0);
    const { headItem, items, deletes } = this.puts(document, previousParts);
    // Transaction: the head's part count and status change with the parts it names.
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table.tableName,
              Key: head(document.id),
              UpdateExpression: 'SET #status = :status, updatedAt = :at, parts = :parts',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': headItem.status, ':at': headItem.updatedAt, ':parts': headItem.parts },
            },
          },
          ...items,
          ...deletes,
        ],
      }),
    );
  }

  async recordSubmission(id: string, segmentId: string, claimId: string, at: string): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: head(id),
        UpdateExpression: 'SET submissions.#seg = :claim, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#seg': segmentId },
        ExpressionAttributeValues: { ':claim': claimId, ':at': at },
      }),
    );
  }
}
