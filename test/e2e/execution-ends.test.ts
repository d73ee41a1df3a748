/**
 * No execution ends without its claim knowing: an execution that ends FAILED, TIMED_OUT or ABORTED while
 * its claim is still open marks the claim failed with the cause on the trail. On AWS an EventBridge rule
 * on Step Functions execution status changes invokes the handler; here the local Step Functions drives
 * the same handler, from the same rule in the synthesized template.
 */
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { newClaim } from '../../shared/domain/claim.ts';
import { trailEvent } from '../../shared/domain/services/context.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { eventually, startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  await stack?.stop();
  await reviewer.stop();
});

describe("an execution that ends behind the workflow's back", () => {
  it('stopped by someone other than the API while in review: the claim is marked failed with the cause, and its review closed', async () => {
    const id = await probe.submit({ statement: 'Ireland exported 10 billion euros of dairy products in 2023, the board said.' });
    const request = await reviewer.request(id);

    await probe.sfn.send(new StopExecutionCommand({ executionArn: probe.executionArn(id), error: 'Operator.Stopped', cause: 'stopped from the console' }));

    const claim = await probe.untilStatus(id, 'failed');
    expect(claim.closedReason).toMatch(/ABORTED.*Operator\.Stopped.*stopped from the console/);
    const failed = (await probe.trail(id)).find((e) => e.type === 'claim.failed');
    expect(failed).toMatchObject({ actor: 'workflow', detail: { executionStatus: 'ABORTED', error: 'Operator.Stopped', cause: 'stopped from the console' } });
    expect(await probe.storedReview(request.data.reviewId)).toMatchObject({ status: 'cancelled' });

    // A late decision on it is refused: nothing is waiting any more.
    const late = await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'true', summary: 'The board figure holds.' });
    expect(late.status).toBe(409);
  });

  it('failing with an error no Catch sees (States.Runtime): the claim is marked failed with that error', async () => {
    // A claim whose execution input lacks the providers list: the Map's ItemsPath fails at run time.
    const s = stack.runtime.services;
    const claim = newClaim(
      s.ids.next(),
      {
        statement: 'Malta had 600,000 residents in 2024.',
        claimant: { name: 'A minister' },
        appearances: [{ url: 'https://example.org/m', date: '2024-10-01' }],
      },
      stack.keys['fact-checker'].principalId,
      s.clock.now(),
    );
    await s.claims.create(claim, trailEvent(s, claim.id, 'claim.submitted', claim.submittedBy));
    await probe.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: stack.stateMachineArn,
        name: claim.id,
        input: JSON.stringify({ claimId: claim.id, round: 1, notes: '', policy: { reviewDeadlineSeconds: 60, escalationSeconds: 60, maxRounds: 1 } }),
      }),
    );
    const failed = await probe.untilStatus(claim.id, 'failed');
    const event = (await probe.trail(claim.id)).find((e) => e.type === 'claim.failed');
    expect(event?.detail).toMatchObject({ executionStatus: 'FAILED', error: 'States.Runtime' });
    expect(failed.closedReason).toBeTruthy();
  });

  it('leaves a claim alone that closed before its execution ended (a withdrawal stops the execution itself)', async () => {
    const id = await probe.submit({ statement: 'Iceland caught 1.4 million tonnes of fish in 2022, the directorate said.' });
    await reviewer.request(id);
    const { response } = await probe
      .as(stack.keys['fact-checker'].key)
      .POST('/claims/{id}/withdraw', { params: { path: { id } }, body: { reason: 'Sent twice.' } });
    expect(response.status).toBe(200);
    await eventually(async () =>
      (await probe.sfn.send(new DescribeExecutionCommand({ executionArn: probe.executionArn(id) }))).status === 'ABORTED' ? true : undefined,
    );
    // The status-change handler has run for the ABORTED execution by the time the engine reports it handled.
    await stack.engine.statusChangesHandled();
    expect((await probe.claim(id)).status).toBe('withdrawn');
    expect(await probe.trailTypes(id)).not.toContain('claim.failed');
  });
});
