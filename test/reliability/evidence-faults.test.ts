/**
 * Evidence providers that fail, throttle or never answer: source gathering records each failure and the
 * claim still reaches review with the evidence that did arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvidenceServer, type EvidenceServer } from '../fixtures/evidence-server.ts';
import { eventually } from '../support/test-stack.ts';
import { executionsOf, startReliabilityStack, storedClaim, submission, submit, type ReliabilityStack } from './stack.ts';

let r: ReliabilityStack;
let evidence: EvidenceServer;

// Short timeouts for the providers that fail (the silent one hangs every attempt); the working one is given
// time, so a slow local answer on a loaded machine is not taken for a failure.
const provider = (name: string, path: string, timeoutMs = 300) => ({
  name,
  urlTemplate: `{base}${path}?q={query}`,
  resultsPath: 'results',
  fields: { url: 'url', title: 'title' },
  timeoutMs,
});

beforeAll(async () => {
  evidence = await startEvidenceServer();
  evidence.on('/failing', { kind: 'status', status: 500 });
  evidence.on('/throttled', { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
  evidence.on('/silent', { kind: 'hang' });
  evidence.on('/reset', { kind: 'reset' });
  evidence.on('/working', { kind: 'json', body: { results: [{ url: 'https://stats.example.org/wheat-2024', title: 'Wheat yields 2024' }] } });
  const providers = [
    provider('failing', '/failing'),
    provider('throttled', '/throttled'),
    provider('silent', '/silent'),
    provider('reset', '/reset'),
    provider('working', '/working', 1_500),
  ];
  r = await startReliabilityStack({
    env: { EVIDENCE_HTTP_PROVIDERS: JSON.stringify(providers).replaceAll('{base}', evidence.baseUrl) },
  });
});

afterAll(async () => {
  await r?.stop();
  await evidence?.close();
});

describe('evidence providers failing during source gathering', () => {
  it("a provider answering 500, one throttling with 429, one that never answers and one that drops the connection are recorded as failed; the claim reaches review with the working provider's evidence", async () => {
    const res = await submit(r, submission('Wheat yields in the eastern plains fell by 17% in 2024, the farmers union said.'));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const claim = await eventually(
      async () => {
        const c = await storedClaim(r, id);
        // The claim awaits review first; the review request is delivered just after.
        return c?.status === 'awaiting_review' && r.reviewer.forClaim(id).length > 0 ? c : undefined;
      },
      45_000,
      'the claim to reach review',
    );

    const outcomes = claim.providerOutcomes as Array<{ provider: string; ok: boolean; error?: { code: string } }>;
    const byName = Object.fromEntries(outcomes.map((o) => [o.provider, o]));
    for (const name of ['failing', 'throttled', 'silent', 'reset']) expect(byName[name]).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    expect(byName.working).toMatchObject({ ok: true });
    expect(claim.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ url: 'https://stats.example.org/wheat-2024' })]));
    expect(r.reviewer.forClaim(id)).toHaveLength(1);
    expect(executionsOf(r, id)).toHaveLength(1);
  });
});
