/**
 * Principals (people and systems that call the API) and their API keys.
 * Keys are random, shown once, stored only as a peppered hash, and revocable.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const roles = ['fact-checker', 'reviewer', 'partner', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revoked: boolean;
}

export interface ApiKeyRecord {
  /** Peppered hash of the key; the key itself is never stored. */
  hash: string;
  /** First characters of the key, to tell keys apart in listings. */
  prefix: string;
  principalId: string;
  createdAt: string;
  revoked: boolean;
}

export interface PrincipalRepository {
  create(principal: Principal, key: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<Principal | null>;
  list(): Promise<Principal[]>;
  addKey(key: ApiKeyRecord): Promise<void>;
  keys(principalId: string): Promise<ApiKeyRecord[]>;
  /** The principal owning a key hash, when neither is revoked. */
  authenticate(hash: string): Promise<Principal | null>;
  revoke(principalId: string): Promise<void>;
  revokeKey(principalId: string, prefix: string): Promise<boolean>;
}

/** `ff_` + 32 random bytes in base64url: 256 bits, recognisable by secret scanners. */
export function generateApiKey(): string {
  return `ff_${randomBytes(32).toString('base64url')}`;
}

/** HMAC with a server-side pepper: a leaked table alone cannot be used to test guesses offline. */
export function hashApiKey(key: string, pepper: string): string {
  return createHmac('sha256', pepper).update(key).digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, 10);
}
