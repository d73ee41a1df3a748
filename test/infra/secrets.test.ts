/**
 * On AWS the webhook secrets and the API-key pepper come from Secrets Manager, read once per cold start
 * through the real SDK and Powertools Parameters. There is no local Secrets Manager: a small HTTP server
 * here answers GetSecretValue in the service's wire format (AWS JSON 1.1), and counts the reads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:factflow-AbCdEf';
const values = {
  REVIEW_REQUEST_SECRET: 'whsec_cmV2aWV3LXJlcXVlc3Qtc2VjcmV0LWZvci10ZXN0cw==',
  REVIEW_DECISION_SECRET: 'whsec_cmV2aWV3LWRlY2lzaW9uLXNlY3JldC1mb3ItdGVzdHM=',
  API_KEY_PEPPER: 'pepper-from-secrets-manager-0123456789',
};
/** ARN → what the service answers: a secret string, or an error type. */
const secrets = new Map<string, { secretString: string } | { error: string }>();
const reads: string[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      reads.push(SecretId);
      const answer = secrets.get(SecretId);
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target !== 'secretsmanager.GetSecretValue' || !answer || 'error' in answer) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: answer && 'error' in answer ? answer.error : 'ResourceNotFoundException', message: 'no such secret' }));
        return;
      }
      res.end(JSON.stringify({ ARN: SecretId, Name: 'factflow', VersionId: 'v1', SecretString: answer.secretString, CreatedDate: 1.7e9 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    TABLE_NAME: 'factflow-secrets-test',
    REVIEWER_WEBHOOK_URL: 'https://newsroom.example/reviews',
    SECRETS_ARN: SECRET_ARN,
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the runtime on AWS (SECRETS_ARN set)', () => {
  it('refuses to be built before the secrets are loaded, rather than run on development fallbacks', async () => {
    const { runtime } = await import('../../functions/commons/runtime.ts');
    expect(() => runtime()).toThrow(/before ensureRuntime/);
  });

  it('fails an invocation whose secret read fails, and reads again on the next one', async () => {
    const { ensureRuntime } = await import('../../functions/commons/runtime.ts');
    secrets.set(SECRET_ARN, { error: 'AccessDeniedException' });
    await expect(ensureRuntime()).rejects.toThrow();
    expect(reads).toEqual([SECRET_ARN]);
    secrets.set(SECRET_ARN, { secretString: JSON.stringify(values) });
    await expect(ensureRuntime()).resolves.toBeDefined();
    expect(reads).toEqual([SECRET_ARN, SECRET_ARN]);
  });

  it('reads the secret once per cold start and builds every setting from it', async () => {
    const { ensureRuntime, runtime } = await import('../../functions/commons/runtime.ts');
    const before = reads.length;
    const all = await Promise.all([ensureRuntime(), ensureRuntime(), ensureRuntime()]);
    expect(reads.length).toBe(before);
    expect(new Set([...all, runtime()]).size).toBe(1);
    const rt = runtime();
    expect(rt.pepper).toBe(values.API_KEY_PEPPER);
    expect(rt.env.REVIEW_DECISION_SECRET).toBe(values.REVIEW_DECISION_SECRET);
    expect(rt.services.settings.reviewerEndpoint).toEqual({ url: 'https://newsroom.example/reviews', secret: values.REVIEW_REQUEST_SECRET });
  });
});

describe('a malformed secret', () => {
  it('is refused naming the key at fault, never echoing a value', async () => {
    const { loadSecrets } = await import('../../functions/commons/secrets.ts');
    const arn = `${SECRET_ARN}-short`;
    secrets.set(arn, { secretString: JSON.stringify({ API_KEY_PEPPER: 'short-s3cr3t' }) });
    const error = await loadSecrets(arn).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/API_KEY_PEPPER/);
    expect(error?.message).not.toContain('s3cr3t');
  });

  it('that is not JSON is refused without quoting it', async () => {
    const { loadSecrets } = await import('../../functions/commons/secrets.ts');
    const arn = `${SECRET_ARN}-text`;
    secrets.set(arn, { secretString: 'whsec_s3cr3t-not-json' });
    const error = await loadSecrets(arn).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe('the factflow secret is not valid JSON');
  });

  it('treats a webhook secret left empty as not configured', async () => {
    const { loadSecrets } = await import('../../functions/commons/secrets.ts');
    const arn = `${SECRET_ARN}-fresh`;
    // As deployed: the pepper generated, the webhook secrets still to be set by the operator.
    secrets.set(arn, { secretString: JSON.stringify({ REVIEW_REQUEST_SECRET: '', REVIEW_DECISION_SECRET: '', API_KEY_PEPPER: values.API_KEY_PEPPER }) });
    expect(await loadSecrets(arn)).toEqual({ API_KEY_PEPPER: values.API_KEY_PEPPER });
  });
});
