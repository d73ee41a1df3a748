/**
 * README's document walkthrough ("From an article to the claims worth checking"), followed on a fresh stack with
 * what README itself sends: the pasted article and its metadata, the Idempotency-Key, the two picks. The candidates
 * README shows are among the first five with the claimant and statement shown (their ranks and scores are the
 * check-worthiness model's of the day, so README calls them an example), the rewording group is the one shown, and
 * the picks become claims with the article as their appearance, a repeat returning the same claims. README's
 * transcript example is sent as README sends it: the sentences it shows come back with their speakers, its first
 * three are the first three, and no moderator line is among them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { startTestStack } from '../support/test-stack.ts';

const root = path.join(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## From an article to the claims worth checking'));
const walkthrough = section.slice(0, section.indexOf('\n## ', 3));

/** A README field or fails naming what README no longer says. */
function said(re: RegExp, what: string): RegExpMatchArray {
  const m = walkthrough.match(re);
  if (!m) throw new Error(`README's document walkthrough no longer shows ${what} (${re})`);
  return m;
}

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function call(method: string, url: string, json: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.apiUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${stack.keys['fact-checker'].key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(json),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a response body under test; the test asserts on the fields it reads
  return { status: res.status, body: (await res.json()) as any };
}

describe("README's document walkthrough", () => {
  it('pastes the article, shows the candidates and the group README shows, and submits the two picks', async () => {
    const file = said(/--rawfile text (\S+)/, 'the pasted file')[1]!;
    const meta = said(/'\{text: \$text, url: "([^"]+)", publisher: "([^"]+)", publishedAt: "([^"]+)"\}'/, 'the metadata sent');
    const [, url, publisher, publishedAt] = meta as unknown as [string, string, string, string];
    const key = said(/-H 'idempotency-key: ([^']+)'/, 'the Idempotency-Key')[1]!;
    const text = readFileSync(path.join(root, file), 'utf8');

    const submitted = await call('POST', '/documents', { text, url, publisher, publishedAt }, { 'idempotency-key': key });
    expect(submitted.status).toBe(201);
    const candidates: Array<{ rank: number; segmentId: string; statement: string; claimant?: { name: string } }> = submitted.body.candidates;

    const shown = [...walkthrough.matchAll(/^# → \d+\s+[\d.]+\s+(s\d+)\s+(.+?) {2,}(.+)$/gm)];
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const [, segmentId, claimant, statement] of shown) {
      const candidate = candidates.find((c) => c.segmentId === segmentId);
      expect(candidate, segmentId).toBeDefined();
      expect(candidate!.rank, `${segmentId} is in README's head -5`).toBeLessThanOrEqual(5);
      expect(candidate!.claimant?.name).toBe(claimant);
      expect(candidate!.statement.startsWith(statement!.replace(/ \.\.\.$/, ''))).toBe(true);
    }

    const group = JSON.parse(said(/# rewordings: (\[.*\])$/m, 'the rewording group')[1]!) as Array<{ segmentIds: string[] }>;
    const groups: Array<{ segmentIds: string[] }> = submitted.body.groups;
    expect(groups.map((g) => [...g.segmentIds].sort())).toEqual(group.map((g) => [...g.segmentIds].sort()));

    const picks = JSON.parse(said(/\/documents\/\$ID\/claims (?:[^\n]|\\\n)*?-d '(\{[\s\S]*?\})'/, 'the picks')[1]!) as {
      claims: Array<{ segmentId: string; statement?: string }>;
    };
    expect(picks.claims).toHaveLength(2);
    const first = await call('POST', `/documents/${submitted.body.id}/claims`, picks);
    expect(first.status).toBe(200);
    expect(first.body.claims.map((c: { segmentId: string; created: boolean }) => [c.segmentId, c.created])).toEqual(
      picks.claims.map((p) => [p.segmentId, true]),
    );
    for (const [i, pick] of picks.claims.entries()) {
      const res = await fetch(`${stack.apiUrl}/claims/${first.body.claims[i].claimId}`, {
        headers: { authorization: `Bearer ${stack.keys['fact-checker'].key}` },
      });
      const claim = (await res.json()) as { statement: string; appearances: Array<{ url: string; date: string }> };
      expect(claim.appearances[0]).toMatchObject({ url, date: publishedAt });
      if (pick.statement) expect(claim.statement).toBe(pick.statement);
    }
    const again = await call('POST', `/documents/${submitted.body.id}/claims`, picks);
    expect(again.body.claims.map((c: { claimId: string; created: boolean }) => [c.claimId, c.created])).toEqual(
      first.body.claims.map((c: { claimId: string }) => [c.claimId, false]),
    );
  });

  it('sends the transcript README shows and answers the candidates it shows, each with its speaker', async () => {
    const body = JSON.parse(said(/-d '(\{\s*"title"[\s\S]*?"turns"[\s\S]*?\]\})' \|/, 'the transcript sent')[1]!) as { turns: unknown[] };
    expect(body.turns.length).toBeGreaterThan(1);
    const shown = [...walkthrough.matchAll(/^# → ([\d.]+) {2}(s\d+) {2}(\S+) {2}(.+)$/gm)].map(([, , segmentId, speaker, statement]) => ({
      segmentId,
      speaker,
      statement,
    }));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    const res = await call('POST', '/documents', body);
    expect(res.status).toBe(201);
    const candidates: Array<{ segmentId: string; statement: string; claimant?: { name: string } }> = res.body.candidates;
    for (const line of shown) {
      expect(candidates.find((c) => c.segmentId === line.segmentId)).toMatchObject({ statement: line.statement, claimant: { name: line.speaker } });
    }
    const top = candidates.slice(0, 3);
    expect(new Set(top.map((c) => c.segmentId))).toEqual(new Set(shown.slice(0, 3).map((l) => l.segmentId)));
    expect(top.map((c) => c.claimant?.name)).not.toContain('MODERATOR');
  });
});
