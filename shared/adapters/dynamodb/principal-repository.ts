import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../domain/errors.ts';
import type { ApiKeyRecord, Principal, PrincipalRepository } from '../../domain/principals.ts';
import { cancellationReasons, keys, queryWholeGsi1Partition, withoutKeys, type TableContext } from './table.ts';

export class DynamoPrincipalRepository implements PrincipalRepository {
  constructor(private readonly table: TableContext) {}

  private principalItem(p: Principal) {
    return { ...p, ...keys.principal(p.id), entity: 'principal', gsi1pk: 'PRINCIPALS', gsi1sk: `${p.createdAt}#${p.id}` };
  }

  private keyItems(k: ApiKeyRecord) {
    return [
      { ...k, ...keys.apiKey(k.hash), entity: 'api-key' },
      // A per-principal listing entry, so keys can be listed and revoked by prefix without a scan.
      {
        pk: `PRINCIPAL#${k.principalId}`,
        sk: `KEY#${k.prefix}`,
        entity: 'api-key-ref',
        hash: k.hash,
        prefix: k.prefix,
        createdAt: k.createdAt,
        revoked: k.revoked,
      },
    ];
  }

  async create(principal: Principal, key: ApiKeyRecord): Promise<void> {
    try {
      // Transaction: the principal, its first key and the key's listing entry exist together.
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table.tableName, Item: this.principalItem(principal), ConditionExpression: 'attribute_not_exists(pk)' } },
            ...this.keyItems(key).map((Item) => ({ Put: { TableName: this.table.tableName, Item } })),
          ],
        }),
      );
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw new DomainError('conflict', 'a principal with this id exists');
      throw err;
    }
  }

  async get(id: string): Promise<Principal | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.principal(id) }));
    return Item ? withoutKeys<Principal>(Item) : null;
  }

  /** Every principal, oldest first, from the PRINCIPALS partition of gsi1 (principals number in the dozens). */
  async list(): Promise<Principal[]> {
    return (await queryWholeGsi1Partition(this.table, 'PRINCIPALS')).map((i) => withoutKeys<Principal>(i));
  }

  async addKey(key: ApiKeyRecord): Promise<void> {
    // Transaction: the key authentication reads and its listing entry exist together.
    await this.table.doc.send(
      new TransactWriteCommand({ TransactItems: this.keyItems(key).map((Item) => ({ Put: { TableName: this.table.tableName, Item } })) }),
    );
  }

  async keys(principalId: string): Promise<ApiKeyRecord[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PRINCIPAL#${principalId}`, ':prefix': 'KEY#' },
      }),
    );
    return (out.Items ?? []).map((i) => ({
      hash: String(i.hash),
      prefix: String(i.prefix),
      principalId,
      createdAt: String(i.createdAt),
      revoked: Boolean(i.revoked),
    }));
  }

  async authenticate(hash: string): Promise<Principal | null> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.apiKey(hash) }));
    if (!Item || Item.revoked) return null;
    const out = await this.table.doc.send(
      new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: [keys.principal(String(Item.principalId))] } } }),
    );
    const principal = out.Responses?.[this.table.tableName]?.[0];
    if (!principal || principal.revoked) return null;
    return withoutKeys<Principal>(principal);
  }

  /**
   * Revokes the principal and every key it has (each key item, which authentication reads, and its
   * listing entry), so the listing shows what authentication does. The principal is revoked first, in the
   * first transaction: from then on none of its keys authenticates, whatever happens to the rest.
   */
  async revoke(principalId: string): Promise<void> {
    const keyWrites = (await this.keys(principalId)).flatMap((k) => [
      {
        Update: { TableName: this.table.tableName, Key: keys.apiKey(k.hash), UpdateExpression: 'SET revoked = :t', ExpressionAttributeValues: { ':t': true } },
      },
      {
        Update: {
          TableName: this.table.tableName,
          Key: { pk: `PRINCIPAL#${principalId}`, sk: `KEY#${k.prefix}` },
          UpdateExpression: 'SET revoked = :t',
          ExpressionAttributeValues: { ':t': true },
        },
      },
    ]);
    const principalWrite = {
      Update: {
        TableName: this.table.tableName,
        Key: keys.principal(principalId),
        UpdateExpression: 'SET revoked = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true },
      },
    };
    // A transaction holds at most 100 items: the principal and 49 keys, then the rest in batches.
    const batches = [[principalWrite, ...keyWrites.slice(0, 98)]];
    for (let i = 98; i < keyWrites.length; i += 100) batches.push(keyWrites.slice(i, i + 100));
    try {
      // Transactions: each key item and its listing entry are revoked together (the listing shows what authentication does).
      for (const TransactItems of batches) await this.table.doc.send(new TransactWriteCommand({ TransactItems }));
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw new DomainError('not_found', 'no principal with this id');
      throw err;
    }
  }

  async revokeKey(principalId: string, prefix: string): Promise<boolean> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: { pk: `PRINCIPAL#${principalId}`, sk: `KEY#${prefix}` }, ConsistentRead: true }),
    );
    if (!Item) return false;
    // Transaction: the key item and its listing entry are revoked together.
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table.tableName,
              Key: keys.apiKey(String(Item.hash)),
              UpdateExpression: 'SET revoked = :t',
              ExpressionAttributeValues: { ':t': true },
            },
          },
          {
            Update: {
              TableName: this.table.tableName,
              Key: { pk: `PRINCIPAL#${principalId}`, sk: `KEY#${prefix}` },
              UpdateExpression: 'SET revoked = :t',
              ExpressionAttributeValues: { ':t': true },
            },
          },
        ],
      }),
    );
    return true;
  }
}
