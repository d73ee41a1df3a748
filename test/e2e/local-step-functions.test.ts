/**
 * The local Step Functions answers the operations the project (and the AWS CLI) use the way AWS does:
 * ListStateMachines, and execution histories with the Task events AWS records around each invocation,
 * the Task that runs the Express child (`states:startExecution.sync:2`) included.
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
  it('lists its state machines: the claim workflow and the Express workflow it starts', async () => {
    const out = await probe.sfn.send(new ListStateMachinesCommand({}));
    expect(out.stateMachines).toEqual([
      expect.objectContaining({ stateMachineArn: stack.stateMachineArn, name: 'factflow-claims', type: 'STANDARD' }),
      expect.objectContaining({ stateMachineArn: [...stack.engine.express.keys()][0], type: 'EXPRESS' }),
    ]);
  });

  it("records the events AWS records around every Task (LambdaFunction* for a Lambda ARN, Task* for the callback), in AWS's order and shape", async () => {
    const id = await probe.submit({ statement: 'Finland had 5.6 million residents in 2023, the statistics office said.' });
    const request = await reviewer.request(id);
    await probe.decide(request.data.reviewId, { decision: 'approve', rating: 'true', summary: 'The register shows it.' });
    const { events } = await probe.execution(id);
    const executionArn = probe.executionArn(id);
    const [child] = stack.engine.childExecutions(executionArn);
    const childEvents = child!.history;

    for (const [i, e] of events.entries()) expect(e).toMatchObject({ id: i + 1, previousEventId: i });
    for (const [i, e] of childEvents.entries()) expect(e).toMatchObject({ id: i + 1, previousEventId: i });
    // Each Task: entered, scheduled, started, [submitted,] succeeded, exited.
    const around = (
      history: ReadonlyArray<{ type?: string | undefined; stateEnteredEventDetails?: unknown; stateExitedEventDetails?: unknown }>,
      name: string,
    ) => {
      const types = history.map((e) => e.type);
      const at = history.findIndex((e) => e.type === 'TaskStateEntered' && (e.stateEnteredEventDetails as { name?: string })?.name === name);
      const end = history.findIndex((e, i) => i > at && e.type === 'TaskStateExited' && (e.stateExitedEventDetails as { name?: string })?.name === name);
      return types.slice(at, end + 1);
    };
    const lambda = ['TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited'];
    const submittedThenSucceeded = ['TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited'];
    expect(around(events, 'RunAutomatedSteps')).toEqual(submittedThenSucceeded);
    expect(around(childEvents, 'Triage')).toEqual(lambda);
    expect(around(childEvents, 'RecordEvidence')).toEqual(lambda);
    expect(around(events, 'RequestReview')).toEqual(submittedThenSucceeded);
    expect(around(events, 'PublishVerdict')).toEqual(lambda);

    const fn = events.find((e) => e.type === 'LambdaFunctionScheduled');
    expect(fn?.lambdaFunctionScheduledEventDetails?.resource).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:/);
    expect(JSON.parse(fn?.lambdaFunctionScheduledEventDetails?.input ?? '{}')).toMatchObject({ claimId: id });
    const callback = events.find((e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'lambda');
    expect(callback?.taskScheduledEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken', region: 'us-east-1' });
    expect(JSON.parse(callback?.taskScheduledEventDetails?.parameters ?? '{}')).toMatchObject({ FunctionName: expect.any(String), Payload: { claimId: id } });
    const succeeded = events.filter((e) => e.type === 'TaskSucceeded').map((e) => JSON.parse(e.taskSucceededEventDetails?.output ?? 'null') as unknown);
    expect(succeeded).toContainEqual(expect.objectContaining({ decision: 'approve', rating: 'true' }));

    // The child, as sync:2 reports it: StartExecution's answer when submitted, then its description with
    // Input and Output as JSON values.
    const start = events.find((e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'states');
    expect(start?.taskScheduledEventDetails).toMatchObject({ resource: 'startExecution.sync:2', region: 'us-east-1' });
    const submitted = events.find((e) => e.type === 'TaskSubmitted' && e.taskSubmittedEventDetails?.resourceType === 'states');
    expect(JSON.parse(submitted?.taskSubmittedEventDetails?.output ?? '{}')).toEqual({
      ExecutionArn: child!.executionArn,
      StartDate: child!.startDate.getTime(),
    });
    expect(succeeded).toContainEqual(
      expect.objectContaining({
        ExecutionArn: child!.executionArn,
        StateMachineArn: child!.stateMachineArn,
        Status: 'SUCCEEDED',
        Input: expect.objectContaining({ claimId: id, round: 1, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn }),
        Output: { next: 'review' },
      }),
    );
    // The Standard execution keeps the child's ARN in the state that follows.
    const outcome = events.find((e) => e.type === 'ChoiceStateEntered' && e.stateEnteredEventDetails?.name === 'AutomatedOutcome');
    expect(JSON.parse(outcome?.stateEnteredEventDetails?.input ?? '{}')).toMatchObject({
      automated: { executionArn: child!.executionArn, outcome: { next: 'review' } },
    });
    // Every Task inside the Map has its events too.
    const childTypes = childEvents.map((e) => e.type);
    expect(childTypes.filter((t) => t === 'TaskScheduled' || t === 'LambdaFunctionScheduled').length).toBe(
      childTypes.filter((t) => t === 'TaskStateEntered').length,
    );
  });
});
