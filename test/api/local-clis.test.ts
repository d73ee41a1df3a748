/**
 * The local CLIs find the running local stack from its data folder (npm start's environment is not
 * needed), honour DYNAMODB_PORT, and say in one line what to start or set when no stack is running.
 * The data folder, which holds key hashes, task tokens and secrets, is readable by its owner only:
 * DynamoDB Local has no option to listen on loopback alone.
 */
// First: zod 4 gives each schema its methods when it is built, so @hono/zod-openapi must extend zod
// before shared/contracts builds its schemas (this file's other imports reach contracts first).
import '@hono/zod-openapi';
import { mkdtempSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKeysCli } from '../../infra/local/keys-cli.ts';
import { runReviewCli } from '../../infra/local/review-cli.ts';
import { RUNNING_STACK_FILE } from '../../infra/local/running-stack.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'factflow-cli-'));
const emptyDir = mkdtempSync(path.join(tmpdir(), 'factflow-cli-empty-'));

beforeAll(async () => {
  stack = await startTestStack({ dataDir, reconcileEveryMs: 3_600_000 });
});

afterAll(async () => {
  await stack?.stop();
});

async function cli(run: typeof runKeysCli, argv: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the local CLIs', () => {
  it('npm run keys finds the running stack from the data folder alone', async () => {
    const listed = await cli(runKeysCli, ['list'], { FACTFLOW_DATA_DIR: dataDir });
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(stack!.keys.reviewer.principalId);
  });

  it('npm run keys names the option that is wrong, and creates nothing', async () => {
    const env = { FACTFLOW_DATA_DIR: dataDir };
    const unknownRole = await cli(runKeysCli, ['create', '--name', 'Jane Doe', '--role', 'editor', '--id', 'jane-editor'], env);
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.err).toContain('--role: "editor" is not a role; use one of fact-checker, reviewer, partner, admin');
    const noName = await cli(runKeysCli, ['create', '--role', 'reviewer', '--id', 'jane-editor'], env);
    expect(noName.code).toBe(2);
    expect(noName.err).toContain('create needs --name and --role');
    expect((await cli(runKeysCli, ['list'], env)).out).not.toContain('jane-editor');
  });

  it('npm run keys honours DYNAMODB_PORT, as README says', async () => {
    const port = new URL(stack!.dynamoEndpoint).port;
    const listed = await cli(runKeysCli, ['list', '--table', stack!.tableName], { DYNAMODB_PORT: port, API_KEY_PEPPER: stack!.secrets.apiKeyPepper });
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(stack!.keys.admin.principalId);
  });

  it('npm run review finds the API from the data folder and delivers a signed decision', async () => {
    const res = await cli(runReviewCli, ['approve', 'rev_01JD3Y5R6Q4M8X2V7N9B1C0KZT', '--rating', 'false', '--summary', 'No source.'], {
      FACTFLOW_DATA_DIR: dataDir,
    });
    expect(res.err).toBe('');
    // The API answered (this review id does not exist): the decision reached it, signed with the local secret.
    expect(res.out).toMatch(/^4\d\d /);
    expect(res.out).not.toContain('invalid signature');
  });

  it('say in one line what to start or set when no stack runs from the data folder', async () => {
    for (const run of [
      () => cli(runKeysCli, ['list'], { FACTFLOW_DATA_DIR: emptyDir }),
      () => cli(runReviewCli, ['approve', 'rev_x', '--rating', 'false', '--summary', 'x'], { FACTFLOW_DATA_DIR: emptyDir }),
    ]) {
      const res = await run();
      expect(res.code).toBe(1);
      expect(res.err.split('\n')).toHaveLength(1);
      expect(res.err).toContain('npm start');
      expect(res.err).not.toMatch(/\n\s+at /);
    }
  });

  it('keep the data folder readable by its owner only, and forget the stack once it stops', async () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of ['local-secrets.json', 'local-keys.json', RUNNING_STACK_FILE]) expect(statSync(path.join(dataDir, file)).mode & 0o077).toBe(0);
    await stack!.stop();
    stack = undefined;
    expect(existsSync(path.join(dataDir, RUNNING_STACK_FILE))).toBe(false);
    const res = await cli(runKeysCli, ['list'], { FACTFLOW_DATA_DIR: dataDir });
    expect(res.code).toBe(1);
    expect(res.err).toContain('npm start');
  });
});
