/**
 * The Express half of the claim workflow (workflow.ts has the whole, and why these steps run as Express):
 * the automated steps of one review round, its state machine, and the Lambda Task every step of both state
 * machines is built from. States are created in the Workflow construct's scope, so their names (construct
 * ids) and the synthesized ASL are the same as when they were defined inline.
 */
import { type CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as z from 'zod';
import { Choice, DefinitionBody, Errors, LogLevel, Map as MapState, Pass, Result, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import {
  automatedStepsOutput,
  type CaughtError,
  type evidenceProviderItem,
  gatherEvidenceInput,
  type Stage,
  type StepOutput,
  type WorkflowStep,
  workflowSteps,
} from '../../shared/contracts/index.ts';
import { ENTRY_METADATA, type FactflowFunction } from './factflow-function.ts';
import { condition, discardResult, type Fields, pathTo, payloadOf, type ResultPath, resultPathFor, taskInputOf } from './typed-states.ts';
import { type AutomatedStepsState, automatedState, failedAutomatedState, gatherState, providerItem } from './workflow-states.ts';

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

/** The step's input, as the state machine passes it (before its handler parses it). */
export type StepPayload<K extends WorkflowStep> = Fields<z.input<(typeof workflowSteps)[K]['input']>>;

/**
 * A Task invoking workflow function `f`, which runs `step` (its handler validates its input with that
 * step's contract), with a payload typed by that contract; it answers the function's result and retries
 * transient errors.
 */
export function invokeStep<K extends WorkflowStep>(
  scope: Construct,
  name: string,
  f: FactflowFunction,
  step: K,
  payload: StepPayload<K>,
  resultPath?: ResultPath<StepOutput<K>>,
): LambdaInvoke {
  // The function must be the step's: its handler module is named after the step (a synth-time error otherwise).
  const entry = (f.node.defaultChild as CfnResource).getMetadata(ENTRY_METADATA);
  if (entry !== `functions/workflow/${step}.ts`) throw new Error(`${name}: ${entry} does not run the ${step} step`);
  const task = new LambdaInvoke(scope, name, {
    lambdaFunction: f,
    payload: taskInputOf(workflowSteps[step].input, payload),
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
  const stepFailed = new Pass(scope, 'StepFailed', {
    parameters: payloadOf(automatedStepsOutput, { next: 'record_failure', error: failedAutomatedState('$.error') }),
  });
  const onStepError = <T extends LambdaInvoke | MapState>(state: T): T => {
    state.addCatch(stepFailed, { errors: [Errors.ALL], resultPath: resultPathFor<CaughtError>(automatedState.resultPath('$.error')) });
    return state;
  };

  const triage = onStepError(
    invokeStep(scope, 'Triage', functions.triage, 'triage', { claimId: automatedState('$.claimId') }, automatedState.resultPath('$.triage')),
  );

  // Triage answers the claim's query (statement, language, claimant, creation time) at $.triage.claim, so
  // the steps after it don't read the claim again; a later round has null there and they read it themselves.
  const gatherOne = invokeStep(scope, 'GatherFromProvider', functions.gatherEvidence, 'gather-evidence', {
    claimId: gatherState('$.claimId'),
    provider: gatherState('$.provider'),
    claim: gatherState('$.claim'),
  });
  const gather = onStepError(
    new MapState(scope, 'GatherEvidence', {
      itemsPath: pathTo<z.infer<typeof evidenceProviderItem>[]>(automatedState.path('$.providers')),
      itemSelector: payloadOf(gatherEvidenceInput, {
        claimId: automatedState('$.claimId'),
        provider: providerItem('name'),
        claim: automatedState('$.triage.claim'),
      }),
      resultPath: resultPathFor<StepOutput<'gather-evidence'>[]>(automatedState.resultPath('$.gathered')),
      maxConcurrency: 0,
    }),
  );
  gather.itemProcessor(gatherOne);

  const recordEvidence = onStepError(
    invokeStep(
      scope,
      'RecordEvidence',
      functions.recordEvidence,
      'record-evidence',
      {
        claimId: automatedState('$.claimId'),
        round: automatedState('$.round'),
        outcomes: automatedState('$.gathered'),
        claim: automatedState('$.triage.claim'),
      },
      discardResult,
    ),
  );
  // The output the Standard workflow routes on: { next: 'review' | 'close' | 'record_failure', error? }.
  const gathered = gather
    .next(recordEvidence)
    .next(new Pass(scope, 'ReadyForReview', { result: Result.fromObject(payloadOf(automatedStepsOutput, { next: 'review' })) }));
  const automatedDefinition = new Choice(scope, 'FirstRound')
    .when(
      condition.numberEquals(automatedState.path('$.round'), 1),
      triage.next(
        new Choice(scope, 'TriageOutcome')
          .when(condition.stringEquals(automatedState.path('$.triage.outcome'), 'continue'), gathered)
          // Not check-worthy or a duplicate: triage has recorded the closing on the claim.
          .otherwise(new Pass(scope, 'ClaimClosedByTriage', { result: Result.fromObject(payloadOf(automatedStepsOutput, { next: 'close' })) })),
      ),
    )
    // A round after a request for changes gathers again; triage is done once per claim. Without its
    // answer here, the claim's query is null and gathering and recording read the claim.
    .otherwise(
      new Pass(scope, 'LaterRound', {
        result: Result.fromObject(laterRoundTriage()),
        resultPath: resultPathFor<ReturnType<typeof laterRoundTriage>>(automatedState.resultPath('$.triage')),
      }).next(gather),
    );
  return automatedDefinition;
}

/** LaterRound's answer in place of Triage's: no claim query, so gathering and recording read the claim. */
function laterRoundTriage(): Extract<AutomatedStepsState['triage'], { claim: null }> {
  return { claim: null };
}

/** The Express state machine of the automated steps, logging every event to its own log group. */
export function automatedStepsMachine(scope: Construct, functions: Parameters<typeof automatedStepsDefinition>[1], stage: Stage): StateMachine {
  const automatedDefinition = automatedStepsDefinition(scope, functions);
  const automatedLogs = new LogGroup(scope, 'AutomatedStepsLogs', {
    retention: stage === 'prod' ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
    removalPolicy: stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  return new StateMachine(scope, 'AutomatedStepsWorkflow', {
    stateMachineType: StateMachineType.EXPRESS,
    definitionBody: DefinitionBody.fromChainable(automatedDefinition),
    // Express's own limit. Triage, gathering and recording take seconds; only retries against a failing
    // dependency come near it, and then the claim records the timeout as its failure.
    timeout: Duration.minutes(5),
    tracingEnabled: true,
    // An Express execution has no GetExecutionHistory: its log group is where an operator reads each step.
    logs: { destination: automatedLogs, level: LogLevel.ALL, includeExecutionData: false },
    comment: 'factflow automated steps of one review round: triage (first round), source gathering, recording evidence',
  });
}
