/**
 * Local mode seeds one principal per role so a newcomer can call every route at once. The keys are kept
 * in the git-ignored data folder, so they survive restarts along with the database.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateApiKey, hashApiKey, keyPrefix, roles, type PrincipalRepository, type Role } from '../../shared/domain/principals.ts';

export type LocalKeys = Record<Role, { principalId: string; key: string }>;

export async function createPrincipal(principals: PrincipalRepository, pepper: string, p: { id: string; name: string; role: Role }): Promise<string> {
  const key = generateApiKey();
  const createdAt = new Date().toISOString();
  await principals.create(
    { id: p.id, name: p.name, role: p.role, createdAt, revoked: false },
    { hash: hashApiKey(key, pepper), prefix: keyPrefix(key), principalId: p.id, createdAt, revoked: false },
  );
  return key;
}

export async function seedLocalPrincipals(principals: PrincipalRepository, pepper: string, file?: string): Promise<LocalKeys> {
  if (file && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as LocalKeys;
    const present = await Promise.all(roles.map((r) => principals.get(saved[r]?.principalId ?? '')));
    if (present.every(Boolean)) return saved;
  }
  const keys = {} as LocalKeys;
  for (const role of roles) {
    const principalId = `local-${role}`;
    const existing = await principals.get(principalId);
    const id = existing ? `${principalId}-${Date.now().toString(36)}` : principalId;
    keys[role] = { principalId: id, key: await createPrincipal(principals, pepper, { id, name: `Local ${role}`, role }) };
  }
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  return keys;
}
