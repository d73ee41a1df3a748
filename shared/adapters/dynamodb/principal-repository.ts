import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { principalRecord } from '../../contracts/index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ApiKeyRecord, Principal, PrincipalRepository } from '../../domain/principals.ts';
import { cancellationReasons, keys, queryWholeGsi1Partition, withoutKeys, type TableContext } from './table.ts';

/**
 * A key item carries a copy of its principal (`principal`: id, name, role, createdAt), so authenticating a
 * request is one GetItem, not a GetItem and then a read of the principal. The copy is safe because a
 * principal never changes but for `revoked`, and revoking a principal revokes every key item it has (revoke
 * below, which also catches a key added while it ran: adding a key is conditional on the principal not being
 * revoked, and revocation reads the keys again, strongly consistent, after the principal is revoked). Key
 * items written before the copy existed have none: those are authenticated as before, by reading the
 * principal too (some belong to principals revoked before revocation reached their keys).
 */
const principalCopy = principalRecord.omit({ revoked: true });

export class DynamoPrincipalRepository implements PrincipalRepository {
  constructor(private readonly table: TableContext) {}

  private principalItem(p: Principal) {
    return { ...p, ...keys.principal(p.id), entity: 'principal', gsi1pk: 'PRINCIPALS', gsi1sk: `${p.createdAt}#${p.id}` };
  }

  private keyItems(k: ApiKeyRecord, owner: Principal) {
    return [
      // The copy's fields are the schema's (principalCopy strips the rest), so a field added to it is copied too.
      { ...k, ...keys.apiKey(k.hash), entity: 'api-key', principal: principalCopy.parse(owner) },
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
            ...this.keyItems(key, principal).map((Item) => ({ Put: { TableName: this.table.tableName, Item } })),
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

  async addKey(key: ApiKeyRecord, owner: Principal): Promise<void> {
    // Transaction: the key authentication reads and its listing entry exist together, and only while the
    // principal is not revoked (a key added during a revocation would otherwise outlive it).
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.table.tableName,
                Key: keys.principal(owner.id),
                ConditionExpression: 'attribute_exists(pk) AND revoked = :f',
                ExpressionAttributeValues: { ':f': false },
              },
            },
            ...this.keyItems(key, owner).map((Item) => ({ Put: { TableName: this.table.tableName, Item } })),
          ],
        }),
      );
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw new DomainError('conflict', 'this principal is revoked; create a new one instead');
      throw err;
    }
  }

  async keys(principalId: string, consistent = false): Promise<ApiKeyRecord[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `PRINCIPAL#${principalId}`, ':prefix': 'KEY#' },
        ...(consistent ? { ConsistentRead: true } : {}),
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
    const copy = principalCopy.safeParse(Item.principal);
    if (copy.success) return { ...copy.data, revoked: false };
    const out = await this.table.doc.send(
      new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: [keys.principal(String(Item.principalId))] } } }),
    );
    const principal = out.Responses?.[this.table.tableName]?.[0];
    if (!principal || principal.revoked) return null;
    return withoutKeys<Principal>(principal);
  }

  /**
   * Revokes the principal and every key it has (each key item, which authentication reads, and its
   * listing entry), so the listing shows what authentication does. The principal and its live keys are
   * revoked in one transaction (the administration allows at most MAX_LIVE_KEYS, 49, so that they fit one
   * with the principal; more, from before that limit, take further transactions). Then the keys are read
   * again, strongly consistent, and any still live is revoked: a key added after the first read but before
   * the principal's revocation committed (none can be added after it: addKey is conditional on the
   * principal). Should the process stop between the two, that one key authenticates until the revocation is
   * run again, which the caller, having had no answer, does.
   */
  async revoke(principalId: string): Promise<void> {
    const writes = (found: ApiKeyRecord[]) =>
      found
        .filter((k) => !k.revoked)
        .flatMap((k) => [
          {
            Update: {
              TableName: this.table.tableName,
              Key: keys.apiKey(k.hash),
              UpdateExpression: 'SET revoked = :t',
              ExpressionAttributeValues: { ':t': true },
            },
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
    const send = async (batches: Array<Array<Record<string, unknown>>>) => {
      // Transactions: each key item and its listing entry are revoked together (the listing shows what authentication does).
      for (const TransactItems of batches) if (TransactItems.length > 0) await this.table.doc.send(new TransactWriteCommand({ TransactItems }));
    };
    const inHundreds = (items: Array<Record<string, unknown>>) =>
      Array.from({ length: Math.ceil(items.length / 100) }, (_, i) => items.slice(i * 100, i * 100 + 100));
    const keyWrites = writes(await this.keys(principalId, true));
    const principalWrite = {
      Update: {
        TableName: this.table.tableName,
        Key: keys.principal(principalId),
        UpdateExpression: 'SET revoked = :t',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':t': true },
      },
    };
    try {
      // A transaction holds at most 100 items: the principal and 49 keys, then the rest in batches.
      await send([[principalWrite, ...keyWrites.slice(0, 98)], ...inHundreds(keyWrites.slice(98))]);
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw new DomainError('not_found', 'no principal with this id');
      throw err;
    }
    await send(inHundreds(writes(await this.keys(principalId, true))));
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
