/**
 * The Express half of the claim workflow (workflow.ts has the whole, and why these steps run as Express):
 * the automated steps of one review round, and the Lambda Task every step of both state machines is built
 * from. States are created in the Workflow construct's scope, so their names (construct ids) and the
 * synthesized ASL are the same as when they were defined inline.
 */
import { Duration } from 'aws-cdk-lib';
import { Choice, Condition, Errors, JsonPath, Map as MapState, Pass, Result, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { FactflowFunction } from './factflow-function.ts';

/**
 * Errors worth retrying: Lambda's own transient failures, our adapters' throttling/unavailability, and an
 * AWS SDK call that ran out of its attempts within its deadline (TimeoutError, shared/adapters/aws-clients.ts:
 * the state machine's Retry takes over from there). Every step is safe to repeat (workflow.ts says why).
 */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'TimeoutError',
  'TransientError',
];

/** A Task invoking one workflow function with its payload, answering the function's result, retrying transient errors. */
export function invokeStep(scope: Construct, name: string, f: FactflowFunction, payload: Record<string, unknown>, resultPath?: string): LambdaInvoke {
  const task = new LambdaInvoke(scope, name, {
    lambdaFunction: f,
    payload: TaskInput.fromObject(payload),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    ...(resultPath ? { resultPath } : {}),
  });
  task.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 4 });
  return task;
}

/**
 * FirstRound? ─▶ Triage ─▶ TriageOutcome ─▶ GatherEvidence (Map over providers) ─▶ RecordEvidence ─▶ ReadyForReview.
 * The execution's output is what the Standard workflow routes on: { next: 'review' | 'close' | 'record_failure', error? }.
 */
export function automatedStepsDefinition(scope: Construct, functions: Record<'triage' | 'gatherEvidence' | 'recordEvidence', FactflowFunction>): Choice {
  // A step that fails for good ends the round with its error, for the Standard workflow to record.
  const stepFailed = new Pass(scope, 'StepFailed', { parameters: { next: 'record_failure', error: JsonPath.objectAt('$.error') } });
  const onStepError = <T extends LambdaInvoke | MapState>(state: T): T => {
    state.addCatch(stepFailed, { errors: [Errors.ALL], resultPath: '$.error' });
    return state;
  };

  const triage = onStepError(invokeStep(scope, 'Triage', functions.triage, { claimId: JsonPath.stringAt('$.claimId') }, '$.triage'));

  // Triage answers the claim's query (statement, language, claimant, creation time) at $.triage.claim, so
  // the steps after it don't read the claim again; a later round has null there and they read it themselves.
  const gatherOne = invokeStep(scope, 'GatherFromProvider', functions.gatherEvidence, {
    claimId: JsonPath.stringAt('$.claimId'),
    provider: JsonPath.stringAt('$.provider'),
    claim: JsonPath.objectAt('$.claim'),
  });
  const gather = onStepError(
    new MapState(scope, 'GatherEvidence', {
      itemsPath: '$.providers',
      itemSelector: {
        claimId: JsonPath.stringAt('$.claimId'),
        provider: JsonPath.stringAt('$$.Map.Item.Value.name'),
        claim: JsonPath.objectAt('$.triage.claim'),
      },
      resultPath: '$.gathered',
      maxConcurrency: 0,
    }),
  );
  gather.itemProcessor(gatherOne);

  const recordEvidence = onStepError(
    invokeStep(
      scope,
      'RecordEvidence',
      functions.recordEvidence,
      {
        claimId: JsonPath.stringAt('$.claimId'),
        round: JsonPath.numberAt('$.round'),
        outcomes: JsonPath.listAt('$.gathered'),
        claim: JsonPath.objectAt('$.triage.claim'),
      },
      JsonPath.DISCARD,
    ),
  );
  // The output the Standard workflow routes on: { next: 'review' | 'close' | 'record_failure', error? }.
  const gathered = gather.next(recordEvidence).next(new Pass(scope, 'ReadyForReview', { result: Result.fromObject({ next: 'review' }) }));
  const automatedDefinition = new Choice(scope, 'FirstRound')
    .when(
      Condition.numberEquals('$.round', 1),
      triage.next(
        new Choice(scope, 'TriageOutcome')
          .when(Condition.stringEquals('$.triage.outcome', 'continue'), gathered)
          // Not check-worthy or a duplicate: triage has recorded the closing on the claim.
          .otherwise(new Pass(scope, 'ClaimClosedByTriage', { result: Result.fromObject({ next: 'close' }) })),
      ),
    )
    // A round after a request for changes gathers again; triage is done once per claim. Without its
    // answer here, the claim's query is null and gathering and recording read the claim.
    .otherwise(new Pass(scope, 'LaterRound', { result: Result.fromObject({ claim: null }), resultPath: '$.triage' }).next(gather));
  return automatedDefinition;
}
