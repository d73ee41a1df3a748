/**
 * Property-based tests of the submission schema, directly and through the running API: every submission
 * within the documented rules is accepted; every submission broken in one place is refused with 422 naming
 * that field, and writes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimSubmissionSchema } from '../../functions/api/schemas.ts';
import { fieldErrors } from '../../functions/api/problem.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { contractClient, type CheckedClient } from '../support/openapi-validator.ts';
import { startTestStack } from '../support/test-stack.ts';
import { bucketOf, submitterListing } from '../../shared/adapters/dynamodb/partitions.ts';

let stack: LocalStack;
let api: CheckedClient;

const DAY = 86_400_000;
const alphabet = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?\'"%()-',
  'é',
  'ü',
  'ß',
  'ñ',
  'Ж',
  'ї',
  '中',
  '文',
  '🙂',
  '—',
  '’',
  'ğ',
];

/**
 * Human text: letters, digits, punctuation and non-ASCII (astral included), `min`..`max` characters once
 * trimmed. Characters are code points, as zod and JSON Schema's minLength/maxLength count them (an emoji is
 * one character, though two UTF-16 units).
 */
const humanText = (min: number, max: number, multiline = false) =>
  fc
    .array(fc.constantFrom(...alphabet, ...(multiline ? ['\n', '\t'] : [])), { minLength: min, maxLength: Math.min(max, 300) })
    .map((chars) => chars.join(''))
    .filter((s) => [...s.trim()].length >= min && [...s.trim()].length <= max);

const pastDate = fc
  .date({ min: new Date('1990-01-01'), max: new Date(Date.now() - DAY), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10)));
const url = fc
  .tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.array(fc.webSegment(), { maxLength: 4 }))
  .map(([scheme, host, segments]) => `${scheme}://${host}/${segments.map(encodeURIComponent).join('/')}`)
  .filter((u) => u.length <= 2048);
const tag = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/);

const validSubmission = fc.record(
  {
    statement: humanText(10, 2000),
    claimant: fc.record({ name: humanText(1, 200), role: humanText(1, 200), affiliation: humanText(1, 200) }, { requiredKeys: ['name'] }),
    appearances: fc.array(fc.record({ url, date: pastDate }), { minLength: 1, maxLength: 5 }),
    context: humanText(1, 5000, true),
    language: fc.constantFrom('en', 'fr', 'de', 'es', 'uk', 'ru', 'zh', 'ar', 'pt'),
    tags: fc.uniqueArray(tag, { maxLength: 20 }),
    priority: fc.constantFrom('low', 'normal', 'high'),
  },
  { requiredKeys: ['statement', 'claimant', 'appearances'] },
);
type Submission = typeof validSubmission extends fc.Arbitrary<infer T> ? T : never;

/** A mutation breaks one rule and says which field the refusal must name. */
interface Mutated {
  body: string;
  field: string;
  rule: string;
}
const asBody = (s: Submission, patch: Record<string, unknown>): string => JSON.stringify({ ...s, ...patch });
const control = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0090');
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.constant({}));
const knownKeys = new Set(['statement', 'claimant', 'appearances', 'context', 'language', 'tags', 'priority']);

const mutation: fc.Arbitrary<(s: Submission) => Mutated> = fc.oneof(
  fc
    .constantFrom('', 'too short', '         .')
    .map((statement) => (s: Submission) => ({ body: asBody(s, { statement }), field: '/statement', rule: 'too short' })),
  fc
    .integer({ min: 2001, max: 6000 })
    .map((n) => (s: Submission) => ({ body: asBody(s, { statement: 'x'.repeat(n) }), field: '/statement', rule: 'too long' })),
  fc.tuple(control, fc.nat()).map(([c, at]) => (s: Submission) => {
    const i = 1 + (at % (s.statement.length - 1));
    return { body: asBody(s, { statement: s.statement.slice(0, i) + c + s.statement.slice(i) }), field: '/statement', rule: 'control character' };
  }),
  notAString.map((statement) => (s: Submission) => ({ body: asBody(s, { statement }), field: '/statement', rule: 'not a string' })),
  fc.constant((s: Submission) => {
    const { statement: _omitted, ...rest } = s;
    return { body: JSON.stringify(rest), field: '/statement', rule: 'missing' };
  }),
  fc.constant((s: Submission) => ({ body: asBody(s, { claimant: { ...s.claimant, name: '' } }), field: '/claimant/name', rule: 'empty' })),
  fc.constant((s: Submission) => ({ body: asBody(s, { appearances: [] }), field: '/appearances', rule: 'empty' })),
  fc.constant((s: Submission) => ({
    body: asBody(s, { appearances: Array.from({ length: 21 }, () => s.appearances[0]) }),
    field: '/appearances',
    rule: 'more than 20',
  })),
  fc.tuple(fc.constantFrom('ftp', 'file', 'javascript', 'data', 'ws'), fc.nat()).map(([scheme, at]) => (s: Submission) => {
    const i = at % s.appearances.length;
    const appearances = s.appearances.map((a, j) => (j === i ? { ...a, url: a.url.replace(/^https?/, scheme) } : a));
    return { body: asBody(s, { appearances }), field: `/appearances/${i}/url`, rule: 'scheme' };
  }),
  fc.tuple(fc.integer({ min: 2, max: 3650 }), fc.nat()).map(([days, at]) => (s: Submission) => {
    const i = at % s.appearances.length;
    const date = new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
    const appearances = s.appearances.map((a, j) => (j === i ? { ...a, date } : a));
    return { body: asBody(s, { appearances }), field: `/appearances/${i}/date`, rule: 'future' };
  }),
  fc
    .constantFrom('xx', 'english', 'en-us', 'zz', '')
    .map((language) => (s: Submission) => ({ body: asBody(s, { language }), field: '/language', rule: 'unknown language' })),
  fc.constantFrom('Ukraine', 'two words', '-leading', 'a'.repeat(41), 'tag_with_underscore').map((bad) => (s: Submission) => {
    const tags = [...(s.tags ?? []).slice(0, 19), bad];
    return { body: asBody(s, { tags }), field: `/tags/${tags.length - 1}`, rule: 'tag format' };
  }),
  fc
    .constantFrom('urgent', 'HIGH', '', 'critical')
    .map((priority) => (s: Submission) => ({ body: asBody(s, { priority }), field: '/priority', rule: 'unknown priority' })),
  fc
    .oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'submittedBy', 'status', 'id'), fc.string({ minLength: 1, maxLength: 20 }))
    .filter((k) => !knownKeys.has(k))
    .map((key) => (s: Submission) => ({
      body: `{${JSON.stringify(key)}: {"polluted": true}, ${JSON.stringify(s).slice(1)}`,
      field: `/${key}`,
      rule: 'unknown field',
    })),
);

beforeAll(async () => {
  stack = await startTestStack({ reconcileEveryMs: 3_600_000 });
  ({ api } = await contractClient(stack.apiUrl));
});

afterAll(async () => {
  await stack?.stop();
});

describe('the submission schema', () => {
  it('accepts every submission within the documented rules', () => {
    fc.assert(
      fc.property(validSubmission, (s) => {
        const parsed = claimSubmissionSchema.safeParse(s);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every submission broken in one place, naming that field', () => {
    fc.assert(
      fc.property(validSubmission, mutation, (s, mutate) => {
        const { body, field } = mutate(s);
        const parsed = claimSubmissionSchema.safeParse(JSON.parse(body));
        expect(parsed.success).toBe(false);
        expect(fieldErrors(parsed.error!.issues).map((e) => e.field)).toContain(field);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the same properties through the API', () => {
  it('refuses mutated submissions with 422 naming the field, and stores nothing', async () => {
    const key = stack.keys['fact-checker'].key;
    await fc.assert(
      fc.asyncProperty(validSubmission, mutation, async (s, mutate) => {
        const { body, field } = mutate(s);
        const res = await api('/claims', { method: 'POST', key, headers: { 'content-type': 'application/json' }, body });
        expect(res.status).toBe(422);
        expect(res.body.type).toBe('/problems/validation-failed');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }),
      { numRuns: 60 },
    );
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const stored = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': bucketOf(submitterListing(stack.keys['fact-checker'].principalId), new Date().toISOString()) },
      }),
    );
    expect(stored.Items ?? []).toEqual([]);
  });

  it('accepts valid submissions with 202, keeping what was sent', async () => {
    const key = stack.keys['fact-checker'].key;
    await fc.assert(
      fc.asyncProperty(validSubmission, async (s) => {
        const res = await api('/claims', { method: 'POST', key, json: s });
        expect(res.status).toBe(202);
        expect(res.body.statement).toBe(s.statement.trim());
        expect(res.body.appearances).toHaveLength(s.appearances.length);
        const earliest = Math.min(...s.appearances.map((a) => Date.parse(a.date)));
        expect(Date.parse(res.body.firstAppearance.date)).toBe(earliest);
        expect(res.body.tags).toEqual([...new Set(s.tags ?? [])]);
      }),
      { numRuns: 15 },
    );
  });
});
