/**
 * Opaque pagination cursors: the DynamoDB position sealed with AES-256-GCM under a key derived (HKDF-SHA256)
 * from a server-side secret. A client can neither read our key design nor forge or edit a position: any
 * change to a sealed cursor fails authentication and is refused as `cursor` naming the rule.
 * Format: `v1.` + base64url(12-byte nonce || ciphertext || 16-byte tag). The nonce is synthetic (an HMAC of
 * the position under a second derived key): the same position always seals to the same cursor, so an
 * unchanged page keeps its ETag, while two different positions never share a nonce.
 * (Hand-written because it is a few lines of node:crypto; no library adds anything here.)
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bounded input: a cursor longer than this was not issued by us (positions are a few keys). */
const MAX_CURSOR_CHARS = 2048;

export class CursorCodec {
  private readonly key: Buffer;
  private readonly nonceKey: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'factflow-cursor-salt', 'factflow cursor sealing v1', 32));
    this.nonceKey = Buffer.from(hkdfSync('sha256', secret, 'factflow-cursor-salt', 'factflow cursor nonce v1', 32));
  }

  encode(position: Record<string, unknown> | undefined): string | null {
    if (!position) return null;
    const plain = Buffer.from(JSON.stringify(position), 'utf8');
    const nonce = createHmac('sha256', this.nonceKey).update(plain).digest().subarray(0, NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(VERSION));
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${sealed.toString('base64url')}`;
  }

  decode(cursor: string | undefined): Record<string, unknown> | undefined {
    if (cursor === undefined) return undefined;
    if (cursor.length > MAX_CURSOR_CHARS) throw invalidCursor();
    const [version, body, extra] = cursor.split('.');
    if (version !== VERSION || !body || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body)) throw invalidCursor();
    const sealed = Buffer.from(body, 'base64url');
    // base64url decoding ignores a dangling character; re-encoding must give back exactly what was sent.
    if (sealed.length < NONCE_BYTES + TAG_BYTES + 2 || sealed.toString('base64url') !== body) throw invalidCursor();
    let plain: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(VERSION));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw invalidCursor();
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(plain);
    } catch {
      throw invalidCursor();
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidCursor();
    return parsed as Record<string, unknown>;
  }
}

function invalidCursor(): DomainError {
  return new DomainError('invalid', 'cursor is not one this API issued', { field: 'cursor', rule: 'opaque cursor from a previous page' });
}
