/**
 * Recording that a claim's workflow started (DynamoClaimRepository.markWorkflowStarted): its trail event and
 * the claim's workflowStartedAt are two single-item writes, so a confirmation can stop between them; the next
 * confirmation (the reconciler, a retried submission) completes it without a second event.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { ensureTable } from '../../infra/local/tables.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { newClaim, type ClaimEvent } from '../../shared/domain/claim.ts';
import { submission } from '../partners/helpers.ts';

const tableName = `test-${randomBytes(6).toString('hex')}`;
const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
// The process stops after the event's write, before the claim's (a kill -9 there): the claim's update fails once.
let stopBeforeClaim = false;
client.middlewareStack.add(
  (next, context) => async (args) => {
    if (stopBeforeClaim && context.commandName === 'UpdateItemCommand') {
      stopBeforeClaim = false;
      throw Object.assign(new Error('the process stopped here'), { name: 'Killed' });
    }
    return next(args);
  },
  { step: 'initialize', name: 'stopBeforeClaim' },
);
const claims = new DynamoClaimRepository({ doc: createDocumentClient(client), tableName }, new CursorCodec('workflow-start-test-secret'));

beforeAll(async () => {
  await ensureTable(client, JSON.parse(readFileSync(inject('templatePath'), 'utf8')) as CloudTemplate, tableName);
});
afterAll(() => client.destroy());

const startedEvent = (claimId: string, id: string, at: string): ClaimEvent => ({ claimId, id, type: 'workflow.started', actor: 'workflow', at });

describe('recording a workflow start', () => {
  it('records one workflow.started event when a confirmation stopped between its two writes is confirmed again', async () => {
    const claim = newClaim(
      '01JSTARTMARK0000000000001',
      submission({ statement: 'The port handled 4 million containers in 2024.' }),
      'fact-checker-1',
      new Date(),
    );
    await claims.create(claim, { claimId: claim.id, id: '01JSTARTMARK0000000000002', type: 'claim.submitted', actor: 'fact-checker-1', at: claim.createdAt });

    stopBeforeClaim = true;
    await expect(
      claims.markWorkflowStarted(claim, new Date().toISOString(), startedEvent(claim.id, '01JSTARTMARK0000000000003', claim.createdAt)),
    ).rejects.toThrow('the process stopped here');
    expect((await claims.get(claim.id))?.workflowStartedAt).toBeUndefined();

    // The reconciler's confirmation: a fresh event of its own, the same claim as read before the start.
    const at = new Date().toISOString();
    expect(await claims.markWorkflowStarted(claim, at, startedEvent(claim.id, '01JSTARTMARK0000000000004', at))).toBe(true);
    expect(await claims.markWorkflowStarted(claim, at, startedEvent(claim.id, '01JSTARTMARK0000000000005', at))).toBe(false);

    expect((await claims.get(claim.id))?.workflowStartedAt).toBe(at);
    const trail = (await claims.listEvents(claim.id, { limit: 10 })).items;
    expect(trail.map((e) => e.type)).toEqual(['claim.submitted', 'workflow.started']);
  });

  it('records one event when a confirmation reads the claim after the started workflow moved it', async () => {
    const created = new Date(Date.now() - 5000);
    const claim = newClaim('01JSTARTMARK0000000000011', submission({ statement: 'The bridge carries 90,000 cars a day.' }), 'fact-checker-1', created);
    await claims.create(claim, { claimId: claim.id, id: ulid(created.getTime()), type: 'claim.submitted', actor: 'fact-checker-1', at: claim.createdAt });
    // The first confirmation (the submission that started the workflow) records its event, then stalls.
    stopBeforeClaim = true;
    const first = new Date(created.getTime() + 100).toISOString();
    await expect(claims.markWorkflowStarted(claim, first, startedEvent(claim.id, '01JSTARTMARK0000000000013', first))).rejects.toThrow();
    // Meanwhile the workflow's triage moves the claim (its events are minted as the clock reads: ULIDs), so its
    // last write is no longer its creation.
    const triagedAt = new Date(created.getTime() + 1000).toISOString();
    await claims.transition(
      claim,
      'triage_started',
      {},
      { claimId: claim.id, id: ulid(Date.parse(triagedAt)), type: 'triage.completed', actor: 'workflow', at: triagedAt },
    );
    // A parallel retry of the submission reads the claim now (still unconfirmed) and confirms the start.
    const moved = await claims.get(claim.id);
    expect(moved?.updatedAt).not.toBe(claim.updatedAt);
    const at = new Date().toISOString();
    expect(await claims.markWorkflowStarted(moved!, at, startedEvent(claim.id, '01JSTARTMARK0000000000015', at))).toBe(true);

    const trail = (await claims.listEvents(claim.id, { limit: 10 })).items;
    expect(trail.map((e) => e.type)).toEqual(['claim.submitted', 'workflow.started', 'triage.completed']);
  });
});
