/**
 * The verdict search against the local stack: GET and POST /verdicts/search find published verdicts by a
 * reworded claim, best first with similarity and relation, filter by language, paginate with a cursor bound
 * to the query, revalidate with ETags, and answer bad input with problem+json naming the field and rule.
 * Every answer is checked against /openapi.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { newClaim } from '../../shared/domain/claim.ts';
import { trailEvent } from '../../shared/domain/services/context.ts';
import { publishStep } from '../../shared/domain/services/workflow-steps.ts';
import { contractClient, type CheckedClient } from '../support/openapi-validator.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let api: CheckedClient;
let partner: string;
const ids: Record<string, string> = {};

/** Stores a claim ready for sign-off and publishes it through the real publish step (which indexes the verdict). */
async function published(statement: string, language: string, rating = 'false'): Promise<string> {
  const s = stack.runtime.services;
  const claim = {
    ...newClaim(
      s.ids.next(),
      { statement, claimant: { name: 'A spokesperson' }, appearances: [{ url: 'https://example.org/report', date: '2024-10-03' }], language },
      stack.keys['fact-checker'].principalId,
      s.clock.now(),
    ),
    status: 'awaiting_review' as const,
  };
  await s.claims.create(claim, trailEvent(s, claim.id, 'claim.submitted', claim.submittedBy));
  await publishStep(s, claim.id, { decision: 'approve', rating, summary: `Checked: ${statement.slice(0, 40)}`, reviewers: [stack.keys.reviewer.principalId] });
  return claim.id;
}

beforeAll(async () => {
  stack = await startTestStack();
  ({ api } = await contractClient(stack.apiUrl));
  partner = stack.keys.partner.key;
  ids.troops = await published('Some 3,000 North Korean troops are joining the Russian army in Ukraine.', 'en', 'unproven');
  ids.metro = await published('The new metro line carries 400,000 passengers a day, the operator said.', 'en');
  ids.paro = await published('El desempleo en España bajó al 3,9 % en marzo, según el ministerio.', 'es');
  for (let i = 1; i <= 4; i++)
    ids[`vaccine${i}`] = await published(`Vaccine batch ${i} of the measles vaccine contains microchips, a viral video claims.`, 'en');
});

afterAll(async () => {
  await stack?.stop();
});

describe('GET /verdicts/search', () => {
  it('finds the verdict on a reworded claim, best first, with similarity, relation, rating and links', async () => {
    const q = encodeURIComponent('North Korea is sending 3,000 troops to join the Russian army in Ukraine');
    const res = await api(`/verdicts/search?q=${q}`, { key: partner });
    expect(res.status).toBe(200);
    expect(res.body.items[0].verdict.claimId).toBe(ids.troops);
    expect(res.body.items[0].similarity).toBeGreaterThan(0);
    expect(['duplicate', 'related']).toContain(res.body.items[0].relation);
    expect(res.body.items[0].verdict.rating.id).toBe('unproven');
    expect(res.body.items[0].verdict.links.self).toContain(`/claims/${ids.troops}/verdict/versions/1`);
    expect(res.body.items.map((i: { verdict: { claimId: string } }) => i.verdict.claimId)).not.toContain(ids.metro);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });

  it("finds it from the README's shorter rewording, with the country for the demonym and soldiers for troops", async () => {
    const res = await api(`/verdicts/search?q=${encodeURIComponent('North Korea sent 3,000 soldiers to Russia')}&language=en`, { key: partner });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ relation: 'duplicate', verdict: { claimId: ids.troops } });
  });

  it('answers nothing for a text that matches no verdict', async () => {
    const res = await api(`/verdicts/search?q=${encodeURIComponent('The harbour bridge reopened after repairs to its cables')}`, { key: partner });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.next).toBeNull();
  });

  it('filters by the language of the verdict’s claim', async () => {
    const q = encodeURIComponent('el desempleo bajó al 3,9 % en marzo');
    const all = await api(`/verdicts/search?q=${q}`, { key: partner });
    expect(all.body.items[0].verdict.claimId).toBe(ids.paro);
    const en = await api(`/verdicts/search?q=${q}&language=en`, { key: partner });
    expect(en.status).toBe(200);
    expect(en.body.items.map((i: { verdict: { claimId: string } }) => i.verdict.claimId)).not.toContain(ids.paro);
    const es = await api(`/verdicts/search?q=${q}&language=es`, { key: partner });
    expect(es.body.items.map((i: { verdict: { claimId: string } }) => i.verdict.claimId)).toEqual([ids.paro]);
  });

  it('pages through every match once by following links.next, and refuses a cursor of another search', async () => {
    const q = encodeURIComponent('the measles vaccine contains microchips');
    const seen: string[] = [];
    let path: string | null = `/verdicts/search?q=${q}&limit=1`;
    let pages = 0;
    while (path && pages < 10) {
      const res = await api(path, { key: partner });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((i: { verdict: { claimId: string } }) => i.verdict.claimId));
      const next: string | null = res.body.links.next;
      if (next) expect(res.body.next).toBeTypeOf('string');
      path = next ? next.slice(next.indexOf('/verdicts/search')) : null;
      pages++;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([ids.vaccine1, ids.vaccine2, ids.vaccine3, ids.vaccine4].sort());

    const first = await api(`/verdicts/search?q=${q}&limit=1`, { key: partner });
    const other = await api(`/verdicts/search?q=${encodeURIComponent('microchips in vaccines')}&cursor=${encodeURIComponent(first.body.next)}`, {
      key: partner,
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0]).toMatchObject({ field: 'query:/cursor', rule: 'cursor of this search' });
    const forged = await api(`/verdicts/search?q=${q}&cursor=v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, { key: partner });
    expect(forged.status).toBe(422);
  });

  it('revalidates with the ETag (304 while the answer is unchanged)', async () => {
    const path = `/verdicts/search?q=${encodeURIComponent('3,000 North Korean troops in Russia')}`;
    const res = await api(path, { key: partner });
    const tag = res.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await api(path, { key: partner, headers: { 'if-none-match': tag as string } });
    expect(again.status).toBe(304);
  });
});

describe('POST /verdicts/search', () => {
  it('takes a longer text in the body and finds the verdict', async () => {
    const filler = 'Officials in Kyiv spoke to reporters on Tuesday morning about the situation at the front. '.repeat(20);
    const text = `${filler}They said some 3,000 North Korean soldiers have joined the Russian army in Ukraine.`;
    expect(text.length).toBeGreaterThan(1000);
    const res = await api('/verdicts/search', { method: 'POST', key: stack.keys['fact-checker'].key, json: { text, limit: 5 } });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { verdict: { claimId: string } }) => i.verdict.claimId)).toContain(ids.troops);
  });

  it("answers README's example, a report of when it was said, as the same claim: the weekday is not a name", async () => {
    const text = 'Officials said on Tuesday that some 3,000 North Korean troops have joined the Russian army.';
    const res = await api('/verdicts/search', { method: 'POST', key: partner, json: { text, limit: 5 } });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ relation: 'duplicate', verdict: { claimId: ids.troops } });
  });

  it('is open to reviewers and partners but not to admins', async () => {
    const json = { text: 'North Korean troops in Russia' };
    expect((await api('/verdicts/search', { method: 'POST', key: stack.keys.reviewer.key, json })).status).toBe(200);
    expect((await api('/verdicts/search', { method: 'POST', key: partner, json })).status).toBe(200);
    expect((await api('/verdicts/search', { method: 'POST', key: stack.keys.admin.key, json })).status).toBe(403);
  });
});

describe('bad input is answered with problem+json naming the field and rule', () => {
  const cases: Array<[string, string, Record<string, unknown> | string, string, string]> = [
    ['an empty query', 'GET', 'q=', 'query:/q', 'too_small'],
    ['a blank query', 'GET', `q=${encodeURIComponent('   ')}`, 'query:/q', 'too_small'],
    ['no query at all', 'GET', 'limit=5', 'query:/q', 'invalid_type'],
    ['a 10,000-character query', 'GET', `q=${'a'.repeat(10_000)}`, 'query:/q', 'too_big'],
    ['an unknown language', 'GET', 'q=troops&language=xx', 'query:/language', 'custom'],
    ['a limit over 50', 'GET', 'q=troops&limit=51', 'query:/limit', 'too_big'],
    ['an empty text', 'POST', { text: '' }, '/text', 'too_small'],
    ['a 10,000-character text', 'POST', { text: 'troops '.repeat(1430) }, '/text', 'too_big'],
    ['an unknown language in the body', 'POST', { text: 'troops', language: 'klingon' }, '/language', 'custom'],
    ['an unknown field', 'POST', { text: 'troops', q: 'troops' }, '/q', 'unrecognized_keys'],
  ];
  for (const [what, method, input, field, rule] of cases) {
    it(`refuses ${what}`, async () => {
      const res =
        method === 'GET'
          ? await api(`/verdicts/search?${input as string}`, { key: partner })
          : await api('/verdicts/search', { method: 'POST', key: partner, json: input });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
    });
  }
});
