/**
 * Recording that a claim's workflow started (DynamoClaimRepository.markWorkflowStarted): its trail event and
 * the claim's workflowStartedAt are two single-item writes, so a confirmation can stop between them; the next
 * confirmation (the reconciler, a retried submission) completes it without a second event.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
});
