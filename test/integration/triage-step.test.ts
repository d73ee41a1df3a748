/**
 * The workflow's triage step against the local stack's own services (DynamoDB Local): the statement is
 * scored by the check-worthiness model once per claim, also when a duplicate candidate has to be dropped and
 * the decision taken again; a published verdict is indexed from the normalized statement triage recorded; a
 * step stopped between moving the claim and writing its trail completes when it runs again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { newClaim } from '../../shared/domain/claim.ts';
import { trailEvent } from '../../shared/domain/services/context.ts';
import { publishStep, recordEvidenceStep, triageStep } from '../../shared/domain/services/workflow-steps.ts';
import { installCheckWorthinessModels, modelFor } from '../../shared/domain/triage/check-worthiness.ts';
import type { CheckWorthinessModel } from '../../shared/domain/triage/check-worthiness-model.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import { startTestStack } from '../support/test-stack.ts';

// Every score starts by looking up its model (modelFor → byLanguage.get): count the look-ups, keep the real models.
let scoredCount = 0;
const scored = { reset: () => (scoredCount = 0), count: () => scoredCount };
{
  const fallback = modelFor('und');
  const real = new Map(['en', 'es', 'ar'].map((code) => [code, modelFor(code)] as const));
  const counting: ReadonlyMap<string, CheckWorthinessModel> = {
    get: (code: string) => {
      scoredCount++;
      return real.get(code);
    },
    has: (code: string) => real.has(code),
    forEach: real.forEach.bind(real),
    size: real.size,
    entries: real.entries.bind(real),
    keys: real.keys.bind(real),
    values: real.values.bind(real),
    [Symbol.iterator]: real[Symbol.iterator].bind(real),
  };
  installCheckWorthinessModels({ byLanguage: counting, fallback });
}

let stack: LocalStack;
beforeAll(async () => {
  // No reviewer endpoint is needed: these tests call the steps directly, no execution runs.
  stack = await startTestStack({ reviewerWebhookUrl: 'http://127.0.0.1:9/unused' });
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(() => scored.reset());

async function storedClaim(statement: string, status?: 'withdrawn'): Promise<string> {
  const s = stack.runtime.services;
  const claim = newClaim(
    s.ids.next(),
    { statement, claimant: { name: 'The transport agency' }, appearances: [{ url: 'https://example.org/a', date: '2024-11-02' }] },
    stack.keys['fact-checker'].principalId,
    s.clock.now(),
  );
  await s.claims.create(status ? { ...claim, status } : claim, trailEvent(s, claim.id, 'claim.submitted', claim.submittedBy));
  return claim.id;
}

describe('triage step', () => {
  it('scores a claim once', async () => {
    const id = await storedClaim('Bus fares in Leeds rose by 14% in 2024, the transport agency said.');
    await expect(triageStep(stack.runtime.services, id)).resolves.toMatchObject({ outcome: 'continue' });
    expect(scored.count()).toBe(1);
  });

  it("answers the claim's query for the round's later steps, from the triage it recorded, and again when run twice", async () => {
    const s = stack.runtime.services;
    const id = await storedClaim('  Hospital  waiting lists in Kent grew by 9% last year, the trust said. ');
    const first = await triageStep(s, id);
    const triaged = await s.claims.get(id);
    expect(triaged?.triage?.normalizedStatement).toBeTruthy();
    const query = {
      statement: triaged?.triage?.normalizedStatement,
      language: triaged?.triage?.language.code,
      claimantName: triaged?.claimant.name,
      createdAt: triaged?.createdAt,
    };
    // The archive verdicts its lookup found travel with it (none here); a re-run, which does not look, carries none.
    expect(first).toEqual({ outcome: 'continue', claim: { ...query, archiveMatches: [] } });
    // At-least-once: a re-run after the claim moved on answers the same query from the recorded triage.
    await recordEvidenceStep(s, id, [], 1, first.claim);
    expect((await s.claims.get(id))?.status).toBe('gathering_evidence');
    await expect(triageStep(s, id)).resolves.toEqual({ outcome: 'continue', claim: query });
  });

  it('scores a claim once when an earlier claim closed without a verdict is dropped and the decision taken again', async () => {
    const s = stack.runtime.services;
    const statement = 'Rail delays in Wales doubled between 2019 and 2023, according to the regulator.';
    const earlier = await storedClaim(statement, 'withdrawn');
    const text = normalizeStatement(statement);
    await s.similarClaims.add({ kind: 'claim', claimId: earlier, signature: claimSignature(text), text });
    scored.reset();

    const id = await storedClaim(statement);
    await expect(triageStep(s, id)).resolves.toMatchObject({ outcome: 'continue' });
    expect(scored.count()).toBe(1);
    const trail = await s.claims.listEvents(id, { limit: 20 });
    expect(trail.items.find((e) => e.type === 'triage.completed')?.detail).toMatchObject({ linkedTo: earlier });
  });

  it('hands source gathering the archive verdicts its lookup found, so the archive provider need not look again', async () => {
    const s = stack.runtime.services;
    const verdictText = normalizeStatement('North Korean troops marched in a parade in Pyongyang.');
    await s.similarClaims.add({ kind: 'verdict', claimId: 'v-parade', signature: claimSignature(verdictText), text: verdictText });
    const id = await storedClaim('North Korea has sent some 3,000 troops to fight in the Russian army in Ukraine.');
    const { outcome, claim } = await triageStep(s, id);
    expect(outcome).toBe('continue');
    expect(claim?.archiveMatches).toEqual([{ kind: 'verdict', claimId: 'v-parade', similarity: expect.any(Number) }]);
    // The provider takes them as they are: what the reviewer sees is what its own lookup would have found.
    const archive = s.providers.find((p) => p.name === 'archive');
    const query = { claimId: id, statement: claim?.statement ?? '', language: 'en', limit: 5 };
    const handedOver = await archive?.search({ ...query, archiveMatches: claim?.archiveMatches ?? [] }, AbortSignal.timeout(5000));
    expect(handedOver).toEqual(await archive?.search(query, AbortSignal.timeout(5000)));
  });

  it('indexes a published verdict from the normalized statement triage recorded for its claim', async () => {
    const s = stack.runtime.services;
    // Odd spacing, a no-break space and typographic quotes: the raw statement differs from the normalized one.
    const id = await storedClaim('  The  \u201Cnew\u201D bridge cost\u00A0£2.1 billion , the council said.  ');
    await triageStep(s, id);
    const triaged = await s.claims.get(id);
    const normalized = triaged?.triage?.normalizedStatement ?? '';
    expect(normalized).not.toBe(triaged?.statement);

    await recordEvidenceStep(s, id, [], 1);
    await s.claims.transition(triaged ?? { id, createdAt: '' }, 'review_requested', {}, trailEvent(s, id, 'review.requested', 'workflow'));
    await publishStep(s, id, { decision: 'approve', rating: 'true', summary: 'The council accounts show £2.1 billion.', reviewers: ['r1'] });
    const signature = claimSignature(normalized);
    const entries = (await s.similarClaims.candidates(signature, 25)).filter((c) => c.claimId === id);
    expect(entries.map((e) => e.kind)).toContain('verdict');
    for (const e of entries) {
      expect(e.signature.fingerprint).toBe(signature.fingerprint);
      expect(e.text).toBe(normalized);
      // Dated by its publication (the re-ranker orders a fact-check published soon after a claim appeared first).
      expect(e.date).toBe((await s.verdicts.get(id))?.publishedAt.slice(0, 10));
    }
  });

  it('indexes a claim that goes on under the date it first appeared', async () => {
    const s = stack.runtime.services;
    const id = await storedClaim('The new tram line to the airport carried 41,000 passengers in its first week.');
    await triageStep(s, id);
    const triaged = await s.claims.get(id);
    const entry = (await s.similarClaims.candidates(claimSignature(triaged?.triage?.normalizedStatement ?? ''), 25)).find((c) => c.claimId === id);
    expect(entry).toMatchObject({ kind: 'claim', date: '2024-11-02' });
  });

  it("completes a triage and an evidence record stopped between the claim's move and its trail when each runs again", async () => {
    const s = stack.runtime.services;
    // The process dies after the claim's conditional update, before the trail events and details are written
    // (a kill -9 there): the write of those fails once, as the step's first attempt never gets to it.
    let failNextBatch = true;
    const client = new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchWriteItemCommand' && failNextBatch) {
          failNextBatch = false;
          throw Object.assign(new Error('the process stopped here'), { name: 'Killed' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'stopBeforeTrail' },
    );
    const stopping = {
      ...s,
      claims: new DynamoClaimRepository({ doc: createDocumentClient(client), tableName: stack.tableName }, new CursorCodec('triage-step-test')),
    };
    const id = await storedClaim('Tram ridership in Sheffield fell by 11% in 2024, the operator said.');

    await expect(triageStep(stopping, id)).rejects.toThrow('the process stopped here');
    const moved = await s.claims.get(id);
    expect(moved?.status).toBe('triaging');
    expect(moved?.triage).toBeUndefined();
    // The retry (the state machine's) makes the same move again and writes what the first attempt did not.
    const { claim: query } = await triageStep(stopping, id);
    expect((await s.claims.get(id))?.triage?.outcome).toBe('continue');

    failNextBatch = true;
    await expect(recordEvidenceStep(stopping, id, [], 1, query)).rejects.toThrow('the process stopped here');
    expect((await s.claims.get(id))?.status).toBe('gathering_evidence');
    await recordEvidenceStep(stopping, id, [], 1, query);
    const recorded = await s.claims.get(id);
    expect(recorded?.providerOutcomes).toEqual([]);
    expect(recorded?.evidence).toEqual([]);

    // One trail event per step, none from the stopped attempts.
    const types = (await s.claims.listEvents(id, { limit: 20 })).items.map((e) => e.type);
    expect(types).toEqual(['claim.submitted', 'triage.started', 'triage.completed', 'evidence.gathered']);
    client.destroy();
  });
});
