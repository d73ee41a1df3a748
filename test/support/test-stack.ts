/**
 * A local stack for one test file: its own table in the shared DynamoDB Local, its own Step Functions
 * service and API server, running the workflow synthesized once per test run.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/stack.ts';

export async function startTestStack(opts: Omit<LocalStackOptions, 'dynamoEndpoint' | 'template' | 'tableName'> = {}): Promise<LocalStack> {
  const template = JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate;
  return startLocalStack({
    ...opts,
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    template,
    tableName: `test-${randomBytes(6).toString('hex')}`,
    // Every test request comes from 127.0.0.1: tests that present wrong keys on purpose must not lock the
    // rest of their file out (test/api/failed-authentication.test.ts sets its own limit).
    env: { MEDIAWIKI_BASE_URL: 'off', POWERTOOLS_LOG_LEVEL: 'WARN', AUTH_FAILURES_PER_MINUTE: '1000000', ...opts.env },
  });
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
