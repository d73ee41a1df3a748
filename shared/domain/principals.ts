/**
 * Principals (people and systems that call the API) and their API keys.
 * Keys are random, shown once, stored only as a peppered hash, and revocable.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { DomainError } from './errors.ts';

import { type ApiKeyRecord, type Principal, type Role, SYSTEM_ACTORS } from '../contracts/index.ts';

export { roles, SYSTEM_ACTORS } from '../contracts/index.ts';
// Principals and their keys are stored and served: defined once, in shared/contracts/principal.ts.
export type { ApiKeyRecord, Principal, Role } from '../contracts/index.ts';

export interface PrincipalRepository {
  /** Stores a principal with its first key; DomainError('conflict') when the id is taken. */
  create(principal: Principal, key: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<Principal | null>;
  /** Every principal, oldest first. */
  list(): Promise<Principal[]>;
  /** Stores another key of `owner`; DomainError('conflict') when the principal is revoked meanwhile. */
  addKey(key: ApiKeyRecord, owner: Principal): Promise<void>;
  /** The principal's keys, revoked ones included (`consistent`: a strongly consistent read). */
  keys(principalId: string, consistent?: boolean): Promise<ApiKeyRecord[]>;
  /** The principal owning a key hash, when neither is revoked. */
  authenticate(hash: string): Promise<Principal | null>;
  /** Revokes the principal (all its keys stop working); DomainError('not_found') when unknown. */
  revoke(principalId: string): Promise<void>;
  revokeKey(principalId: string, prefix: string): Promise<boolean>;
}

/** Keys a principal may have in use at once: with the principal, one transaction's 100 items revoke them all. */
export const MAX_LIVE_KEYS = 49;

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

/** What issuing a key returns in process: the key (the caller is shown it once) and the record that is stored. */
export interface IssuedKey {
  /** The key itself: returned to the caller once, never stored. */
  key: string;
  record: ApiKeyRecord;
}

export function issueKey(principalId: string, pepper: string, now: Date): IssuedKey {
  const key = generateApiKey();
  return { key, record: { hash: hashApiKey(key, pepper), prefix: keyPrefix(key), principalId, createdAt: now.toISOString(), revoked: false } };
}

/**
 * The administration of principals and keys, shared by the admin API and the `npm run keys` script so both
 * follow the same rules.
 */
export class PrincipalAdministration {
  constructor(
    private readonly principals: PrincipalRepository,
    private readonly pepper: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(input: { id: string; name: string; role: Role }): Promise<{ principal: Principal; key: IssuedKey }> {
    if ((SYSTEM_ACTORS as readonly string[]).includes(input.id)) {
      throw new DomainError('invalid', `"${input.id}" is reserved for the system's own trail events; choose another id`, { field: '/id', rule: 'reserved' });
    }
    const now = this.now();
    const principal: Principal = { id: input.id, name: input.name, role: input.role, createdAt: now.toISOString(), revoked: false };
    const key = issueKey(principal.id, this.pepper, now);
    await this.principals.create(principal, key.record);
    return { principal, key };
  }

  async addKey(principalId: string): Promise<IssuedKey> {
    const principal = await this.principals.get(principalId);
    if (!principal) throw new DomainError('not_found', 'no principal with this id');
    if (principal.revoked) throw new DomainError('conflict', 'this principal is revoked; create a new one instead');
    // Bounded so that revoking the principal revokes all its keys in one transaction (repository's revoke).
    const live = (await this.principals.keys(principalId)).filter((k) => !k.revoked).length;
    if (live >= MAX_LIVE_KEYS) {
      throw new DomainError('conflict', `this principal has ${live} keys in use, the most it may have; revoke one first`, {
        field: 'id',
        rule: `at most ${MAX_LIVE_KEYS} keys in use`,
      });
    }
    const key = issueKey(principalId, this.pepper, this.now());
    await this.principals.addKey(key.record, principal);
    return key;
  }

  async revokeKey(principalId: string, prefix: string): Promise<void> {
    if (!(await this.principals.revokeKey(principalId, prefix))) throw new DomainError('not_found', 'this principal has no key with this prefix');
  }

  /** Revokes a principal. An admin cannot revoke themselves (that is how the last admin gets locked out). */
  async revoke(principalId: string, by?: Principal): Promise<Principal> {
    if (by?.id === principalId) throw new DomainError('conflict', 'you cannot revoke your own principal; ask another admin or use `npm run keys`');
    const principal = await this.principals.get(principalId);
    if (!principal) throw new DomainError('not_found', 'no principal with this id');
    await this.principals.revoke(principalId);
    return { ...principal, revoked: true };
  }

  async describe(principal: Principal): Promise<Principal & { keys: Array<Pick<ApiKeyRecord, 'prefix' | 'createdAt' | 'revoked'>> }> {
    const keys = await this.principals.keys(principal.id);
    // A revoked principal's keys authenticate nothing, whatever their own flag (principals revoked before
    // revocation reached their keys still have unrevoked key items): list them as what they are.
    return { ...principal, keys: keys.map(({ prefix, createdAt, revoked }) => ({ prefix, createdAt, revoked: revoked || principal.revoked })) };
  }

  async get(principalId: string) {
    const principal = await this.principals.get(principalId);
    if (!principal) throw new DomainError('not_found', 'no principal with this id');
    return this.describe(principal);
  }

  async list() {
    return Promise.all((await this.principals.list()).map((p) => this.describe(p)));
  }
}
