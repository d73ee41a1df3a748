/**
 * Principals and keys against DynamoDB Local: a key item carries a copy of its principal, so authenticating
 * a request is one GetItem; key items written before the copy still authenticate by reading the principal
 * (and do not when it is revoked); revoking a principal reaches every key, a key added while the revocation
 * ran included; and a principal has at most MAX_LIVE_KEYS keys in use, so that revocation fits one transaction.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoPrincipalRepository } from '../../shared/adapters/dynamodb/principal-repository.ts';
import type { TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { type ApiKeyRecord, hashApiKey, issueKey, MAX_LIVE_KEYS, PrincipalAdministration } from '../../shared/domain/principals.ts';
import { recordedTable } from '../support/recorded-table.ts';

const PEPPER = 'principal-repository-test-pepper';
let requests: string[] = [];
let table: TableContext;
let principals: DynamoPrincipalRepository;
let admin: PrincipalAdministration;

beforeAll(async () => {
  const recorded = await recordedTable('principals');
  ({ table, requests } = recorded);
  principals = new DynamoPrincipalRepository(table);
  admin = new PrincipalAdministration(principals, PEPPER);
});

const fresh = () => `p-${randomBytes(4).toString('hex')}`;
const authenticate = async (key: string) => {
  requests.length = 0;
  const principal = await principals.authenticate(hashApiKey(key, PEPPER));
  return { principal, requests: [...requests] };
};

describe('authentication', () => {
  it('is one GetItem: the key item carries its principal', async () => {
    const { principal, key } = await admin.create({ id: fresh(), name: 'Desk one', role: 'fact-checker' });
    expect(await authenticate(key.key)).toEqual({ principal, requests: ['GetItemCommand'] });
    const second = await admin.addKey(principal.id);
    expect(await authenticate(second.key)).toEqual({ principal, requests: ['GetItemCommand'] });
  });

  it('reads the principal for a key item written before the copy, and refuses it once the principal is revoked', async () => {
    const { principal } = await admin.create({ id: fresh(), name: 'Old desk', role: 'reviewer' });
    // A key item as the code before the copy wrote it (no `principal` attribute), whose revocation never
    // reached it: principals revoked before revocation reached their keys left such items behind.
    const old = issueKey(principal.id, PEPPER, new Date('2025-01-01T00:00:00Z'));
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...old.record, pk: `APIKEY#${old.record.hash}`, sk: '#APIKEY', entity: 'api-key' } }),
    );
    expect(await authenticate(old.key)).toEqual({ principal, requests: ['GetItemCommand', 'BatchGetItemCommand'] });
    await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: `PRINCIPAL#${principal.id}`, sk: '#PRINCIPAL' },
        UpdateExpression: 'SET revoked = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    expect((await authenticate(old.key)).principal).toBeNull();
  });

  it('refuses an unknown key and a revoked one', async () => {
    const { principal, key } = await admin.create({ id: fresh(), name: 'Desk two', role: 'fact-checker' });
    expect((await authenticate('ff_not-a-key-anyone-issued')).principal).toBeNull();
    await admin.revokeKey(principal.id, key.record.prefix);
    expect((await authenticate(key.key)).principal).toBeNull();
  });
});

describe('revocation', () => {
  it('revokes every key of the principal, and no key can be added afterwards', async () => {
    const { principal, key } = await admin.create({ id: fresh(), name: 'Leaving desk', role: 'fact-checker' });
    const others = [await admin.addKey(principal.id), await admin.addKey(principal.id)];
    await admin.revoke(principal.id);
    for (const k of [key, ...others]) expect((await authenticate(k.key)).principal).toBeNull();
    expect((await principals.keys(principal.id)).every((k) => k.revoked)).toBe(true);
    // The repository refuses too, not only the administration's check before it.
    const late = issueKey(principal.id, PEPPER, new Date());
    await expect(principals.addKey(late.record, principal)).rejects.toMatchObject({ kind: 'conflict' });
    expect((await authenticate(late.key)).principal).toBeNull();
  });

  it('reaches a key added after it first read the keys', async () => {
    const { principal, key } = await admin.create({ id: fresh(), name: 'Racing desk', role: 'fact-checker' });
    const added = await admin.addKey(principal.id);
    // The revocation's first read of the keys misses the key added "meanwhile"; the second read finds it.
    class FirstReadMisses extends DynamoPrincipalRepository {
      private reads = 0;
      override async keys(principalId: string, consistent?: boolean): Promise<ApiKeyRecord[]> {
        const all = await super.keys(principalId, consistent);
        return this.reads++ === 0 ? all.filter((k) => k.prefix !== added.record.prefix) : all;
      }
    }
    await new FirstReadMisses(table).revoke(principal.id);
    expect((await authenticate(added.key)).principal).toBeNull();
    expect((await authenticate(key.key)).principal).toBeNull();
  });

  it(`allows at most ${MAX_LIVE_KEYS} keys in use, so that one transaction revokes them all`, async () => {
    const { principal, key } = await admin.create({ id: fresh(), name: 'Busy desk', role: 'fact-checker' });
    const issued = [key];
    for (let i = 1; i < MAX_LIVE_KEYS; i++) issued.push(await admin.addKey(principal.id));
    const refused = await admin.addKey(principal.id).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ kind: 'conflict' });
    // A revoked key frees its place.
    await admin.revokeKey(principal.id, key.record.prefix);
    issued.push(await admin.addKey(principal.id));
    requests.length = 0;
    await admin.revoke(principal.id);
    // The principal and its 49 keys in use in one transaction (the revoked key is not written again).
    expect(requests.filter((r) => r === 'TransactWriteItemsCommand')).toHaveLength(1);
    for (const k of issued) expect((await authenticate(k.key)).principal).toBeNull();
  });
});
