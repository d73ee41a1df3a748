/**
 * `npm run keys`: creates, lists, rotates and revokes principals and keys in the same table the API reads,
 * with the same pepper, so a key it prints works against the API at once and a revocation takes effect.
 */
// First: zod 4 gives each schema its methods when it is built, so @hono/zod-openapi must extend zod
// before shared/contracts builds its schemas (this file's other imports reach contracts first).
import '@hono/zod-openapi';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { runKeysCli } from '../../infra/local/keys-cli.ts';
import { contractClient, type CheckedClient } from '../support/openapi-validator.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let api: CheckedClient;

async function keys(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { API_KEY_PEPPER: stack.secrets.apiKeyPepper, AWS_ACCESS_KEY_ID: 'local', AWS_REGION: 'us-east-1' };
  const code = await runKeysCli([...argv, '--endpoint', stack.dynamoEndpoint, '--table', stack.tableName], env, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A route any role may call: 404 means the key authenticated, 401 that it did not. */
const probe = async (key: string) => (await api('/claims/01J00000000000000000000000/verdict', { key })).status;

beforeAll(async () => {
  stack = await startTestStack({ reconcileEveryMs: 3_600_000 });
  ({ api } = await contractClient(stack.apiUrl));
});

afterAll(async () => {
  await stack?.stop();
});

describe('npm run keys', () => {
  it('creates a principal whose key works against the API at once', async () => {
    const created = await keys('create', '--name', 'Jane Doe', '--role', 'fact-checker', '--id', 'jane-doe', '--json');
    expect(created.code).toBe(0);
    const { key } = JSON.parse(created.out) as { key: { key: string; prefix: string } };
    expect(key.key).toMatch(/^ff_[A-Za-z0-9_-]{43}$/);
    const res = await api('/claims', { key: key.key });
    expect(res.status).toBe(200);

    const listed = await keys('list');
    expect(listed.out).toContain('jane-doe');
    expect(listed.out).toContain(key.prefix);
    expect(listed.out).not.toContain(key.key);
  });

  it('rotates and revokes keys, and revokes principals', async () => {
    const created = JSON.parse((await keys('create', '--name', 'Partner desk', '--role', 'partner', '--json')).out) as {
      principal: { id: string };
      key: { key: string; prefix: string };
    };
    const id = created.principal.id;
    const rotated = JSON.parse((await keys('add-key', id, '--json')).out) as { key: string; prefix: string };
    expect(await probe(rotated.key)).toBe(404);

    expect((await keys('revoke-key', id, created.key.prefix)).code).toBe(0);
    expect(await probe(created.key.key)).toBe(401);
    expect(await probe(rotated.key)).toBe(404);

    expect((await keys('revoke', id)).code).toBe(0);
    expect(await probe(rotated.key)).toBe(401);
    const again = await keys('add-key', id);
    expect(again.code).toBe(1);
    expect(again.err).toContain('revoked');
  });

  it('explains its usage and refuses bad arguments', async () => {
    expect((await keys('create', '--name', 'X', '--role', 'superuser')).code).toBe(2);
    expect((await keys('create', '--name', 'X', '--role', 'admin', '--id', 'Bad Id')).code).toBe(2);
    expect((await keys('frobnicate')).err).toContain('usage: npm run keys');
    expect((await keys('revoke-key', 'nobody', 'ff_AAAAAAA')).code).toBe(1);
    expect((await keys('create', '--name', 'Dup', '--role', 'reviewer', '--id', 'jane-doe')).err).toContain('exists');
  });

  it('runs as a script (the entry point npm run keys uses)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'infra/local/keys-cli.ts', 'list', '--json', '--endpoint', stack.dynamoEndpoint, '--table', stack.tableName],
      {
        env: { PATH: process.env.PATH, API_KEY_PEPPER: stack.secrets.apiKeyPepper },
      },
    );
    const listed = JSON.parse(stdout) as Array<{ id: string; keys: unknown[] }>;
    expect(listed.map((p) => p.id)).toEqual(expect.arrayContaining(['jane-doe', stack.keys.admin.principalId]));
  });

  it('registers a reviewer integration for named reviewers, prints its secret once, lists and revokes it', async () => {
    await keys('create', '--name', 'Desk reviewer', '--role', 'reviewer', '--id', 'desk-reviewer');
    const added = await keys('integration-add', 'desk-cms', '--name', 'Desk CMS', '--reviewers', 'desk-reviewer', '--json');
    expect(added.code).toBe(0);
    const { integration, secret } = JSON.parse(added.out) as { integration: { id: string; reviewers: string[] }; secret: string };
    expect(integration).toMatchObject({ id: 'desk-cms', reviewers: ['desk-reviewer'] });
    expect(secret).toMatch(/^whsec_/);
    expect((await stack.runtime.integrations.get('desk-cms'))?.secret).toBe(secret);

    const listed = await keys('integrations');
    expect(listed.out).toContain('desk-cms');
    expect(listed.out).toContain('speaks for: desk-reviewer');
    expect(listed.out).not.toContain(secret);

    const refused = await keys('integration-add', 'other-cms', '--name', 'Other', '--reviewers', 'not-a-reviewer');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not a registered reviewer/);

    expect((await keys('integration-revoke', 'desk-cms')).code).toBe(0);
    expect((await stack.runtime.integrations.get('desk-cms'))?.revoked).toBe(true);
  });
});
