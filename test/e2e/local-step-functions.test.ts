/**
 * The local Step Functions answers the operations the project (and the AWS CLI) use the way AWS does:
 * ListStateMachines, and execution histories with the Task events AWS records around each invocation.
 */
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { startTestStack } from '../support/test-stack.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';

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

describe('the local Step Functions', () => {
  it('lists its state machine', async () => {
    const out = await probe.sfn.send(new ListStateMachinesCommand({}));
    expect(out.stateMachines).toEqual([expect.objectContaining({ stateMachineArn: stack.stateMachineArn, name: 'factflow-claims', type: 'STANDARD' })]);
  });

  it("records the events AWS records around every Task (LambdaFunction* for a Lambda ARN, Task* for the callback), in AWS's order and shape", async () => {
    const id = await probe.submit({ statement: 'Finland had 5.6 million residents in 2023, the statistics office said.' });
    const request = await reviewer.request(id);
    await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'true', summary: 'The register shows it.' });
    const { events } = await probe.execution(id);

    for (const [i, e] of events.entries()) expect(e).toMatchObject({ id: i + 1, previousEventId: i });
    const types = events.map((e) => e.type);
    // Each top-level Task: entered, scheduled, started, [submitted,] succeeded, exited.
    const around = (name: string) => {
      const at = events.findIndex((e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === name);
      const end = events.findIndex((e, i) => i > at && e.type === 'TaskStateExited' && e.stateExitedEventDetails?.name === name);
      return types.slice(at, end + 1);
    };
    const lambda = ['TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited'];
    expect(around('Triage')).toEqual(lambda);
    expect(around('RequestReview')).toEqual(['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited']);
    expect(around('PublishVerdict')).toEqual(lambda);

    const fn = events.find((e) => e.type === 'LambdaFunctionScheduled');
    expect(fn?.lambdaFunctionScheduledEventDetails?.resource).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:/);
    expect(JSON.parse(fn?.lambdaFunctionScheduledEventDetails?.input ?? '{}')).toMatchObject({ claimId: id });
    const callback = events.find((e) => e.type === 'TaskScheduled');
    expect(callback?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: 'us-east-1' });
    expect(JSON.parse(callback?.taskScheduledEventDetails?.parameters ?? '{}')).toMatchObject({ FunctionName: expect.any(String), Payload: { claimId: id } });
    const succeeded = events.filter((e) => e.type === 'TaskSucceeded').map((e) => JSON.parse(e.taskSucceededEventDetails?.output ?? 'null') as unknown);
    expect(succeeded).toContainEqual(expect.objectContaining({ decision: 'approve', rating: 'true' }));
    // Every Task inside the Map has its events too.
    expect(types.filter((t) => t === 'TaskScheduled' || t === 'LambdaFunctionScheduled').length).toBe(types.filter((t) => t === 'TaskStateEntered').length);
  });
});
