/**
 * Cursors are sealed (AES-256-GCM, key from HKDF over the server secret): nothing in one reveals a table
 * key, and any edit, truncation, splice or foreign key is refused as an invalid `cursor`.
 */
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DomainError } from '../../shared/domain/errors.ts';

const codec = new CursorCodec('server-secret-for-tests');
const position = { pk: 'CLAIM#01JTEST', sk: '#CLAIM', gsi1pk: 'STATUS#published', scope: 'abc' };

function refused(cursor: string, using: CursorCodec = codec): DomainError {
  try {
    using.decode(cursor);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

/** Every way a client could try to read the cursor: each dot-separated part, as base64url and as base64. */
function readableParts(cursor: string): string[] {
  return cursor.split('.').flatMap((part) => [part, Buffer.from(part, 'base64url').toString('latin1'), Buffer.from(part, 'base64').toString('latin1')]);
}

describe('sealed cursors', () => {
  it('give back the position they were issued for', () => {
    expect(codec.decode(codec.encode(position) ?? '')).toEqual(position);
    expect(codec.encode(undefined)).toBeNull();
    expect(codec.decode(undefined)).toBeUndefined();
  });

  it('reveal no table key, attribute name or value', () => {
    const cursor = codec.encode(position) ?? '';
    for (const text of readableParts(cursor)) {
      for (const secret of ['CLAIM#', '01JTEST', 'pk', 'gsi1pk', 'STATUS', 'published', '{"']) expect(text).not.toContain(secret);
    }
  });

  it('seal one position to one cursor (an unchanged page keeps its ETag) and nearby positions to unrelated ones', () => {
    expect(codec.encode(position)).toBe(codec.encode(position));
    const a = codec.encode({ ...position, sk: '#CLAIM1' }) ?? '';
    const b = codec.encode({ ...position, sk: '#CLAIM2' }) ?? '';
    // A synthetic nonce differs with the position, so the two share nothing past the version prefix.
    expect(a.slice(3, 19)).not.toBe(b.slice(3, 19));
  });

  it('refuse every single-character edit, naming the cursor field', () => {
    const cursor = codec.encode(position) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = 3; i < cursor.length; i++) {
      const replacement = alphabet[(alphabet.indexOf(cursor[i] ?? 'A') + 1) % alphabet.length];
      const error = refused(cursor.slice(0, i) + replacement + cursor.slice(i + 1));
      expect(error.kind).toBe('invalid');
      expect(error.detail).toMatchObject({ field: 'cursor' });
    }
  });

  it('refuse truncated, extended, spliced, unversioned and legacy signed-JSON cursors', () => {
    const a = codec.encode(position) ?? '';
    const b = codec.encode({ other: 'position' }) ?? '';
    refused(a.slice(0, -1));
    refused(a.slice(0, 20));
    refused(`${a}A`);
    refused(`${a}.x`);
    refused(a.slice(3));
    refused(`v2.${a.slice(3)}`);
    refused(`${a.slice(0, 30)}${b.slice(30)}`);
    refused(`${Buffer.from(JSON.stringify(position)).toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    refused('');
    refused(`v1.${'A'.repeat(5000)}`);
  });

  it("refuse a cursor sealed under another secret (one deployment cannot read another's)", () => {
    const foreign = new CursorCodec('another-secret').encode(position) ?? '';
    refused(foreign);
  });
});
