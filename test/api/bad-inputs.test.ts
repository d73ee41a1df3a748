/**
 * Bad input, one row each: the status, the problem type, the field named, and proof that nothing was
 * written (the table holds exactly what it held before, and no execution started). Then: per-key rate
 * limiting, and that no error ever carries a stack trace, a table name, an ARN or a key.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import type { Runtime } from '../../functions/commons/runtime.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { newClaim } from '../../shared/domain/claim.ts';
import { contractClient, type ApiResponse, type CheckedClient, type OpenApiContract } from '../support/openapi-validator.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let api: CheckedClient;
let contract: OpenApiContract;
let doc: DynamoDBDocumentClient;
let claimId: string;
let listCursor: string;
let historyCursor: string;
const problems: ApiResponse[] = [];

const valid = {
  statement: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.',
  claimant: { name: 'Ukrainian military intelligence' },
  appearances: [{ url: 'https://example.org/troops', date: '2024-10-03' }],
};
const json = (v: unknown) => JSON.stringify(v);
const withField = (patch: Record<string, unknown>) => json({ ...valid, ...patch });
const rawWith = (insert: string) =>
  `{${insert}, "statement": "${valid.statement}", "claimant": {"name": "X"}, "appearances": [{"url": "https://example.org/a", "date": "2024-01-01"}]}`;

async function itemCount(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: stack.tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

async function executionCount(): Promise<number> {
  const out = await new SFNClient({}).send(new ListExecutionsCommand({ stateMachineArn: stack.stateMachineArn, maxResults: 1000 }));
  return out.executions?.length ?? 0;
}

interface BadInput {
  name: string;
  method?: string;
  path: string | (() => string);
  body?: string | (() => ReadableStream<Uint8Array>);
  contentType?: string | null;
  headers?: Record<string, string>;
  status: number;
  type: string;
  /** A field the problem's `errors` must name. */
  field?: string;
}

const fc = () => stack.keys['fact-checker'].key;
const oversize = 'x'.repeat(70 * 1024);

// biome-ignore format: one bad input a line, so the table reads as a list of cases
const table: BadInput[] = [
  { name: 'malformed JSON', path: '/claims', body: '{"statement": "abc", ', status: 400, type: 'malformed-request' },
  { name: 'a single quote JSON', path: '/claims', body: "{'statement': 'abc'}", status: 400, type: 'malformed-request' },
  { name: 'an empty body', path: '/claims', body: '', status: 400, type: 'malformed-request' },
  { name: 'a JSON array instead of an object', path: '/claims', body: '[]', status: 422, type: 'validation-failed', field: '/' },
  { name: 'JSON null', path: '/claims', body: 'null', status: 422, type: 'validation-failed' },
  { name: 'a number where text belongs', path: '/claims', body: withField({ statement: 42 }), status: 422, type: 'validation-failed', field: '/statement' },
  { name: 'a string where a list belongs', path: '/claims', body: withField({ appearances: 'yesterday' }), status: 422, type: 'validation-failed', field: '/appearances' },
  { name: 'an object where a string belongs', path: '/claims', body: withField({ claimant: { name: { first: 'A' } } }), status: 422, type: 'validation-failed', field: '/claimant/name' },
  { name: 'an oversize body (Content-Length)', path: '/claims', body: withField({ statement: oversize }), status: 413, type: 'payload-too-large' },
  {
    name: 'an oversize body (streamed, no Content-Length)',
    path: '/claims',
    body: () => new Blob([withField({ statement: oversize })]).stream(),
    status: 413,
    type: 'payload-too-large',
  },
  { name: 'a control character in the statement', path: '/claims', body: withField({ statement: 'Some 3,000 troops are \u0007 joining the army.' }), status: 422, type: 'validation-failed', field: '/statement' },
  { name: 'a newline in the claimant name', path: '/claims', body: withField({ claimant: { name: 'Line\nbreak' } }), status: 422, type: 'validation-failed', field: '/claimant/name' },
  { name: 'a NUL character', path: '/claims', body: withField({ context: 'before\u0000after' }), status: 422, type: 'validation-failed', field: '/context' },
  { name: 'a lone high surrogate', path: '/claims', body: rawWith('"context": "broken \\ud800 text"'), status: 422, type: 'validation-failed', field: '/context' },
  { name: 'a lone low surrogate', path: '/claims', body: rawWith('"context": "broken \\udc00 text"'), status: 422, type: 'validation-failed', field: '/context' },
  { name: 'a __proto__ key', path: '/claims', body: rawWith('"__proto__": {"polluted": true}'), status: 422, type: 'validation-failed', field: '/__proto__' },
  { name: 'a constructor.prototype key', path: '/claims', body: rawWith('"constructor": {"prototype": {"polluted": true}}'), status: 422, type: 'validation-failed', field: '/constructor' },
  {
    name: 'a nested __proto__ key',
    path: '/claims',
    body: `{"statement": "${valid.statement}", "claimant": {"name": "X", "__proto__": {"role": "admin"}}, "appearances": [{"url": "https://example.org/a", "date": "2024-01-01"}]}`,
    status: 422,
    type: 'validation-failed',
    field: '/claimant/__proto__',
  },
  { name: 'a number too large for a double', path: '/claims', body: rawWith('"priority": 1e400'), status: 422, type: 'validation-failed', field: '/priority' },
  { name: 'a huge number as the statement', path: '/claims', body: withField({ statement: 1e308 }), status: 422, type: 'validation-failed', field: '/statement' },
  { name: 'deeply nested arrays', path: '/claims', body: `{"appearances": ${'['.repeat(3000)}${']'.repeat(3000)}}`, status: 422, type: 'validation-failed' },
  { name: 'an appearance in the future', path: '/claims', body: withField({ appearances: [{ url: 'https://example.org/a', date: '2999-01-01' }] }), status: 422, type: 'validation-failed', field: '/appearances/0/date' },
  { name: 'an ftp URL', path: '/claims', body: withField({ appearances: [{ url: 'ftp://example.org/a', date: '2024-01-01' }] }), status: 422, type: 'validation-failed', field: '/appearances/0/url' },
  { name: 'a javascript: URL', path: '/claims', body: withField({ appearances: [{ url: 'javascript:alert(1)', date: '2024-01-01' }] }), status: 422, type: 'validation-failed', field: '/appearances/0/url' },
  { name: 'an unknown language', path: '/claims', body: withField({ language: 'xx' }), status: 422, type: 'validation-failed', field: '/language' },
  { name: 'an unknown field', path: '/claims', body: withField({ submittedBy: 'someone-else' }), status: 422, type: 'validation-failed', field: '/submittedBy' },
  { name: 'text/plain', path: '/claims', body: json(valid), contentType: 'text/plain', status: 415, type: 'unsupported-media-type' },
  { name: 'no content type', path: '/claims', body: json(valid), contentType: null, status: 415, type: 'unsupported-media-type' },
  { name: 'a form body', path: '/claims', body: 'statement=abc', contentType: 'application/x-www-form-urlencoded', status: 415, type: 'unsupported-media-type' },
  { name: 'a lookalike JSON type', path: '/claims', body: json(valid), contentType: 'application/jsonp', status: 415, type: 'unsupported-media-type' },
  { name: 'a too-short Idempotency-Key', path: '/claims', body: json(valid), headers: { 'idempotency-key': 'abc' }, status: 422, type: 'validation-failed', field: 'header:/idempotency-key' },
  { name: 'an Idempotency-Key with spaces', path: '/claims', body: json(valid), headers: { 'idempotency-key': 'has spaces in it' }, status: 422, type: 'validation-failed', field: 'header:/idempotency-key' },

  { name: 'a negative limit', method: 'GET', path: '/claims?limit=-1', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a zero limit', method: 'GET', path: '/claims?limit=0', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a limit above 100', method: 'GET', path: '/claims?limit=101', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a huge limit', method: 'GET', path: '/claims?limit=99999999999999999999', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'an infinite limit', method: 'GET', path: '/claims?limit=1e309', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a fractional limit', method: 'GET', path: '/claims?limit=2.5', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a non-numeric limit', method: 'GET', path: '/claims?limit=ten', status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a forged cursor', method: 'GET', path: () => `/claims?cursor=${Buffer.from('{"pk":"CLAIM#x","sk":"#CLAIM"}').toString('base64url')}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'a truncated cursor', method: 'GET', path: () => `/claims?cursor=${listCursor.slice(0, -3)}`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'a cursor without its version', method: 'GET', path: () => `/claims?cursor=${listCursor.split('.')[1]}`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'a cursor with an extra segment', method: 'GET', path: () => `/claims?cursor=${listCursor}.x`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'a cursor whose body was replaced with readable keys', method: 'GET', path: () => `/claims?cursor=v1.${Buffer.from('{"pk":"CLAIM#x","sk":"#CLAIM"}').toString('base64url')}`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'a listing cursor used on the history', method: 'GET', path: () => `/claims/${claimId}/history?cursor=${listCursor}`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'a history cursor used on the listing', method: 'GET', path: () => `/claims?cursor=${historyCursor}`, status: 422, type: 'validation-failed', field: 'cursor' },
  { name: 'an unknown status', method: 'GET', path: '/claims?status=finished', status: 422, type: 'validation-failed', field: 'query:/status' },
  { name: 'a malformed from', method: 'GET', path: '/claims?from=yesterday', status: 422, type: 'validation-failed', field: 'query:/from' },
  { name: 'from after to', method: 'GET', path: '/claims?from=2024-10-02&to=2024-10-01', status: 422, type: 'validation-failed', field: 'query:/from' },
  { name: 'an unknown query parameter', method: 'GET', path: '/claims?all=true', status: 422, type: 'validation-failed', field: 'query:/all' },
  { name: 'a malformed claim id', method: 'GET', path: '/claims/not-a-claim-id', status: 422, type: 'validation-failed', field: 'param:/id' },
  { name: 'a history limit of zero', method: 'GET', path: () => `/claims/${claimId}/history?limit=0`, status: 422, type: 'validation-failed', field: 'query:/limit' },
  { name: 'a withdrawal reason that is a number', path: () => `/claims/${claimId}/withdraw`, body: json({ reason: 5 }), status: 422, type: 'validation-failed', field: '/reason' },
  { name: 'a withdrawal with no body', path: () => `/claims/${claimId}/withdraw`, body: '', status: 400, type: 'malformed-request' },
];

const adminTable: BadInput[] = [
  { name: 'an unknown role', path: '/admin/principals', body: json({ name: 'A', role: 'superuser' }), status: 422, type: 'validation-failed', field: '/role' },
  {
    name: 'an upper-case principal id',
    path: '/admin/principals',
    body: json({ name: 'A', role: 'partner', id: 'Jane' }),
    status: 422,
    type: 'validation-failed',
    field: '/id',
  },
  {
    name: 'a principal id reserved for the system (workflow)',
    path: '/admin/principals',
    body: json({ name: 'Workflow', role: 'admin', id: 'workflow' }),
    status: 422,
    type: 'validation-failed',
    field: '/id',
  },
  {
    name: 'a principal id reserved for the system (system)',
    path: '/admin/principals',
    body: json({ name: 'System', role: 'reviewer', id: 'system' }),
    status: 422,
    type: 'validation-failed',
    field: '/id',
  },
  {
    name: 'a control character in a name',
    path: '/admin/principals',
    body: json({ name: 'A\u001b[31m', role: 'partner' }),
    status: 422,
    type: 'validation-failed',
    field: '/name',
  },
  {
    name: 'a malformed key prefix',
    method: 'DELETE',
    path: '/admin/principals/local-partner/keys/abc',
    status: 422,
    type: 'validation-failed',
    field: 'param:/prefix',
  },
  {
    name: 'a body on key issue',
    path: '/admin/principals/local-partner/keys',
    body: json({ role: 'admin' }),
    status: 422,
    type: 'validation-failed',
    field: '/role',
  },
];

async function send(c: BadInput, key: string): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
  const body = typeof c.body === 'function' ? c.body() : c.body;
  const method = c.method ?? 'POST';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body: body ?? '' }) };
  if (body instanceof ReadableStream) init.duplex = 'half';
  return api(typeof c.path === 'function' ? c.path() : c.path, { ...init, key });
}

beforeAll(async () => {
  // No reconciler runs during this file: nothing but the requests below may write.
  stack = await startTestStack({ reconcileEveryMs: 3_600_000 });
  ({ api, contract } = await contractClient(stack.apiUrl));
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  // Claims stored through the repository (no workflow, so nothing writes in the background).
  const s = stack.runtime.services;
  for (const statement of ['First stored claim about the harbour expansion.', 'Second stored claim about the harbour expansion.']) {
    const claim = newClaim(s.ids.next(), valid && { ...valid, statement }, stack.keys['fact-checker'].principalId, new Date());
    await s.claims.create(claim, { claimId: claim.id, id: s.ids.next(), type: 'claim.submitted', actor: claim.submittedBy, at: claim.createdAt });
    await s.claims.appendEvent({ claimId: claim.id, id: s.ids.next(), type: 'note', actor: claim.submittedBy, at: claim.createdAt });
    claimId = claim.id;
  }
  listCursor = (await api('/claims?limit=1', { key: fc() })).body.next;
  historyCursor = (await api(`/claims/${claimId}/history?limit=1`, { key: fc() })).body.next;
  expect(listCursor).toEqual(expect.any(String));
  expect(historyCursor).toEqual(expect.any(String));
});

afterAll(async () => {
  await stack?.stop();
});

describe('bad input is refused with a problem naming the field, and nothing is written', () => {
  const cases = [...table.map((c) => ({ ...c, as: 'fact-checker' as const })), ...adminTable.map((c) => ({ ...c, as: 'admin' as const }))];
  it.each(cases)('$name → $status $type', async (c) => {
    const [itemsBefore, executionsBefore] = [await itemCount(), await executionCount()];
    const res = await send(c, stack.keys[c.as].key);
    problems.push(res);
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: `/problems/${c.type}`, status: c.status, title: expect.any(String) });
    if (c.field) {
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(c.field);
      for (const e of res.body.errors) expect(e.rule).toEqual(expect.any(String));
    }
    expect(await itemCount()).toBe(itemsBefore);
    expect(await executionCount()).toBe(executionsBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('per-key rate limiting', () => {
  it('answers 429 with Retry-After once a key spends its allowance, and other keys are unaffected', async () => {
    const limited: Runtime = { ...stack.runtime, env: { ...stack.runtime.env, RATE_LIMIT_PER_MINUTE: 3 } };
    const app = createApp(() => limited);
    const call = async (key: string) => {
      const res = await app.request('/claims?limit=1', { headers: { authorization: `Bearer ${key}` } });
      const body: unknown = await res.json();
      expect(contract.violations('get', '/claims', res.status, res.headers.get('content-type'), body)).toEqual([]);
      return { res, body: body as { type?: string } };
    };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(fc())).res.status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const { res, body } = await call(fc());
    expect(res.status).toBe(429);
    expect(body.type).toBe('/problems/rate-limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect((await call(stack.keys.reviewer.key)).res.status).toBe(200);
  });
});

describe('errors leak nothing internal', () => {
  const secrets = () => [
    stack.tableName,
    'arn:aws',
    'node_modules',
    '.ts:',
    '    at ',
    'CLAIM#',
    'STATUS#',
    'SUBMITTER#',
    'gsi1',
    'ConditionExpression',
    stack.runtime.pepper,
  ];

  it('no problem above carries a table name, ARN, stack trace, key design or pepper', () => {
    expect(problems.length).toBe(table.length + adminTable.length);
    for (const p of problems) for (const s of secrets()) expect(p.text).not.toContain(s);
  });

  it('a failing database gives a bare 500 or 503, never its error text', async () => {
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${stack.tableName}`;
    const dynamo = mockClient(DynamoDBDocumentClient);
    const answers: ApiResponse[] = [];
    try {
      dynamo.rejects(
        Object.assign(new Error(`Requested resource not found: ${arn}`), {
          name: 'ResourceNotFoundException',
          stack: `ResourceNotFoundException: ${arn}\n    at send (/srv/node_modules/x.js:1:1)`,
        }),
      );
      answers.push(await api(`/claims/${claimId}`, { key: fc() }));
      dynamo.reset();
      dynamo.rejects(
        Object.assign(new Error(`Throughput exceeds the current capacity of your table ${stack.tableName}`), {
          name: 'ProvisionedThroughputExceededException',
          $retryable: {},
        }),
      );
      answers.push(await api(`/claims/${claimId}`, { key: fc() }));
    } finally {
      dynamo.restore();
    }
    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join('\n'),
    ).toEqual([500, 503]);
    expect(answers[1]!.headers.get('retry-after')).toEqual(expect.any(String));
    for (const a of answers) {
      expect(a.headers.get('content-type')).toBe('application/problem+json');
      for (const s of secrets()) expect(a.text).not.toContain(s);
    }
  });

  it('an unknown route is a plain 404 problem', async () => {
    const res = await fetch(`${stack.apiUrl}/claims/${claimId}/secrets`, { headers: { authorization: `Bearer ${fc()}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: '/problems/not-found' });
  });
});
