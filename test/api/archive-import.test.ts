/**
 * Importing a newsroom's archive (POST /admin/imports and `npm run import`) against the local stack: every
 * accepted format loads; a bad record is reported with its line and reason while the rest load; a second
 * import creates nothing; imported verdicts are served, on the trail as imported, found by the verdict
 * search and by the archive evidence provider; oversized input is refused with nothing written.
 */
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportCli } from '../../infra/local/import-cli.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { contractClient, type CheckedClient } from '../support/openapi-validator.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let api: CheckedClient;
let admin: string;

function claimReview(claim: string, url: string, rating: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url,
    claimReviewed: claim,
    datePublished: '2023-05-04',
    author: { '@type': 'Organization', name: 'Example Fact Desk' },
    reviewRating: { '@type': 'Rating', ...rating },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'A senator' },
      datePublished: '2023-05-01',
      appearance: [{ '@type': 'CreativeWork', url: 'https://example.org/speech', datePublished: '2023-05-01' }],
    },
    ...extra,
  };
}

const grain = claimReview('The country imported 12 million tonnes of grain from Ukraine last year.', 'https://factdesk.example.org/checks/grain', {
  alternateName: 'Mostly False',
});
const bridge = claimReview('The harbour bridge was built in only nine months.', 'https://factdesk.example.org/checks/bridge', {
  alternateName: 'Four Pinocchios',
  ratingValue: 1,
  bestRating: 4,
  worstRating: 1,
});
const jsonLines = [
  JSON.stringify(grain),
  '{"@type": "ClaimReview", "url": "https://factdesk.example.org/broken", ', // broken JSON
  JSON.stringify(bridge),
  JSON.stringify({ ...grain, claimReviewed: undefined, url: 'https://factdesk.example.org/checks/no-claim' }), // no claim text
  '',
].join('\n');

/**
 * A JSON body of `bytes` bytes sent with node:http: the API answers 413 from Content-Length before reading the
 * body and may close the connection while the client still writes, which fetch reports as a failure.
 */
function postLarge(bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.apiUrl}/admin/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'content-length': String(bytes) },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    req.write('{"content":"');
    let sent = 12;
    const pump = () => {
      while (sent + chunk.length + 2 <= bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end(`${'x'.repeat(Math.max(0, bytes - sent - 2))}"}`);
    };
    pump();
  });
}

const post = (content: string, key = admin) => api('/admin/imports', { method: 'POST', key, json: { content } });

beforeAll(async () => {
  stack = await startTestStack();
  ({ api } = await contractClient(stack.apiUrl));
  admin = stack.keys.admin.key;
});

afterAll(async () => {
  await stack?.stop();
});

describe('POST /admin/imports', () => {
  let grainId: string;

  it('loads JSON Lines, reporting each bad record with its line and reason while the rest load', async () => {
    const res = await post(jsonLines);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'json-lines', records: 4, imported: 2, alreadyImported: 0 });
    expect(res.body.errors).toEqual([
      { line: 2, reason: expect.stringMatching(/not valid JSON/) },
      { line: 4, reason: expect.stringMatching(/claimReviewed/) },
    ]);
    grainId = res.body.claimIds[0];
    expect(grainId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('serves the imported verdict with the newsroom’s rating, the original article as evidence, and "imported" on the trail', async () => {
    const verdict = await api(`/claims/${grainId}/verdict`, { key: stack.keys.partner.key });
    expect(verdict.status).toBe(200);
    expect(verdict.body.rating).toMatchObject({ id: 'mostly-false', label: 'Mostly False', category: 'mostly_false' });
    expect(verdict.body.claim.statement).toBe(grain.claimReviewed);
    expect(verdict.body.claim.claimant.name).toBe('A senator');
    expect(verdict.body.evidence[0]).toMatchObject({ url: grain.url, provider: 'import', publisher: 'Example Fact Desk' });
    expect(verdict.body.publishedAt).toBe('2023-05-04T00:00:00.000Z');
    const history = await api(`/claims/${grainId}/history`, { key: admin });
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['claim.imported']);
    expect(history.body.items[0].detail).toMatchObject({ source: grain.url, line: 1 });
    const claim = await api(`/claims/${grainId}`, { key: admin });
    expect(claim.body.status).toBe('published');
  });

  it('maps an ordinal rating it does not know by its position, keeping the newsroom’s label', async () => {
    const search = await api(`/verdicts/search?q=${encodeURIComponent('the harbour bridge took nine months to build')}`, { key: stack.keys.partner.key });
    expect(search.body.items[0].verdict.rating).toMatchObject({ label: 'Four Pinocchios', category: 'false' });
  });

  it('is found by the verdict search and by the archive evidence provider', async () => {
    const search = await api(`/verdicts/search?q=${encodeURIComponent('12 million tonnes of Ukrainian grain were imported last year')}`, {
      key: stack.keys['fact-checker'].key,
    });
    expect(search.body.items[0].verdict.claimId).toBe(grainId);
    const archive = stack.runtime.services.providers.find((p) => p.name === 'archive');
    const found = await archive?.search(
      { claimId: 'another', statement: 'Last year the country imported 12 million tonnes of grain from Ukraine', language: 'en', limit: 5 },
      AbortSignal.timeout(5000),
    );
    expect(found?.map((f) => f.url)).toContain(`${stack.runtime.services.settings.publicBaseUrl}/claims/${grainId}/verdict/versions/1`);
  });

  it('creates nothing new when the same file is imported again', async () => {
    const res = await post(jsonLines);
    expect(res.body).toMatchObject({ imported: 0, alreadyImported: 2 });
    expect(res.body.claimIds[0]).toBe(grainId);
    const history = await api(`/claims/${grainId}/history`, { key: admin });
    expect(history.body.items).toHaveLength(1);
    const search = await api(`/verdicts/search?q=${encodeURIComponent('12 million tonnes of grain from Ukraine')}`, { key: stack.keys.partner.key });
    expect(search.body.items.filter((i: { verdict: { claimId: string } }) => i.verdict.claimId === grainId)).toHaveLength(1);
  });

  it('loads a single object, an array, a JSON-LD @graph and a claims:search response', async () => {
    const one = claimReview('The mayor cut the library budget by 40 percent.', 'https://factdesk.example.org/checks/library', { alternateName: 'True' });
    expect((await post(JSON.stringify(one))).body).toMatchObject({ format: 'json', imported: 1, errors: [] });
    const two = claimReview('The new stadium cost 900 million euros.', 'https://factdesk.example.org/checks/stadium', { alternateName: 'Half True' });
    const three = claimReview('Tap water in the city contains lithium.', 'https://factdesk.example.org/checks/lithium', { alternateName: 'False' });
    const arrayText = JSON.stringify([two, { '@type': 'NewsArticle', url: 'https://x.example' }], null, 2);
    // The second element opens on the line before its "@type".
    const articleLine = arrayText.split('\n').findIndex((l) => l.includes('"NewsArticle"'));
    const array = await post(arrayText);
    expect(array.body).toMatchObject({ imported: 1, errors: [{ line: articleLine, reason: expect.stringMatching(/@type must be ClaimReview/) }] });
    const graph = await post(JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, three] }));
    expect(graph.body.imported).toBe(1);
    const searchShape = {
      claims: [
        {
          text: 'Wind turbines kill more birds than cats do.',
          claimant: 'A blog',
          claimDate: '2021-02-01T00:00:00Z',
          claimReview: [
            {
              publisher: { name: 'Other Checkers', site: 'other.example' },
              url: 'https://other.example/turbines',
              title: 'No, turbines do not kill more birds than cats',
              reviewDate: '2021-02-03T00:00:00Z',
              textualRating: 'False',
              languageCode: 'en',
            },
          ],
        },
      ],
      nextPageToken: 'abc',
    };
    const res = await post(JSON.stringify(searchShape));
    expect(res.body).toMatchObject({ format: 'claims-search', imported: 1, errors: [] });
    const verdict = await api(`/claims/${res.body.claimIds[0]}/verdict`, { key: stack.keys.partner.key });
    expect(verdict.body).toMatchObject({ rating: { id: 'false' }, summary: 'No, turbines do not kill more birds than cats' });
    turbinesId = res.body.claimIds[0];
  });

  let turbinesId: string;

  it("keeps another outlet's fact-check under that outlet's name, in JSON, in ClaimReview and on the public page", async () => {
    const json = await api(`/claims/${turbinesId}/verdict`, { key: stack.keys.partner.key });
    expect(json.body.source).toEqual({ publisher: 'Other Checkers', url: 'https://other.example/turbines' });
    const ld = await api(`/claims/${turbinesId}/verdict?format=claimreview`, { key: stack.keys.partner.key });
    expect(ld.body.author).toEqual({ '@type': 'Organization', name: 'Other Checkers', url: 'https://other.example' });
    expect(ld.body.url).toBe('https://other.example/turbines');
    const page = await fetch(`${stack.apiUrl}/fact-checks/${turbinesId}`);
    const html = await page.text();
    expect(html).toContain('Rating by Other Checkers');
    const embedded = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}');
    expect(embedded.author.name).toBe('Other Checkers');
    const archive = stack.runtime.services.providers.find((p) => p.name === 'archive');
    const found = await archive?.search(
      { claimId: 'another', statement: 'Wind turbines kill more birds than cats', language: 'en', limit: 5 },
      AbortSignal.timeout(5000),
    );
    expect(found?.[0]).toMatchObject({ publisher: 'Other Checkers' });
  });

  it('refuses a broken JSON document as a whole, with its line, writing nothing', async () => {
    const res = await post('[\n{"@type": "ClaimReview",\n "url": }\n]');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 0, claimIds: [], errors: [{ line: 3, reason: expect.stringMatching(/not valid JSON/) }] });
  });

  it('refuses a 50 MB body with 413 and an empty content with 422', async () => {
    const big = await postLarge(50 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).type).toBe('/problems/payload-too-large');
    const empty = await post('');
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toContainEqual(expect.objectContaining({ field: '/content', rule: 'too_small' }));
  });

  it('is for admins only', async () => {
    expect((await post(jsonLines, stack.keys['fact-checker'].key)).status).toBe(403);
  });
});

describe('npm run import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'factflow-import-'));
  const runWith = async (env: Record<string, string>, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCli(
      [...argv, '--endpoint', stack.dynamoEndpoint, '--table', stack.tableName],
      { API_KEY_PEPPER: stack.runtime.pepper, ...env },
      {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
      },
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const run = (...argv: string[]) => runWith({}, ...argv);

  it('imports a file, reports bad lines, and imports nothing new the second time', async () => {
    const file = path.join(dir, 'archive.jsonl');
    const record = claimReview('The city planted 50,000 trees in 2022.', 'https://factdesk.example.org/checks/trees', { alternateName: 'Mostly True' });
    writeFileSync(file, `${JSON.stringify(record)}\nnot json\n`);
    const first = await run(file);
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/2 records, 1 imported, 0 already there, 1 refused/);
    expect(first.err).toMatch(/line 2: not valid JSON/);
    const second = await run(file, '--json');
    expect(JSON.parse(second.out)).toMatchObject({ imported: 0, alreadyImported: 1 });
    const search = await api(`/verdicts/search?q=${encodeURIComponent('50,000 trees were planted in the city in 2022')}`, { key: stack.keys.partner.key });
    expect(search.body.items[0].verdict.rating.label).toBe('Mostly True');
  });

  it('refuses a 50 MB file before reading it', async () => {
    const file = path.join(dir, 'huge.jsonl');
    writeFileSync(file, '');
    truncateSync(file, 50 * 1024 * 1024);
    const res = await run(file);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/50\.0 MB.*at most 20 MB.*nothing was imported/);
  });

  it('reads RATING_SCALE as the functions do: a bad scale is refused, and nothing is imported', async () => {
    const file = path.join(dir, 'scaled.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify(claimReview('The river carried 3 million tonnes of silt in 2021.', 'https://factdesk.example.org/checks/silt', { alternateName: 'False' }))}\n`,
    );
    const res = await runWith({ RATING_SCALE: '{"name":"desk","labels":[]}' }, file);
    expect(res.code).toBe(2);
    expect(res.err).toBe('invalid configuration: RATING_SCALE: labels: a scale needs at least one label');
    expect(res.out).toBe('');
  });
});
