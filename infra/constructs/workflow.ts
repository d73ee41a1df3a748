import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  DefinitionBody,
  Errors,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { automatedStepsMachine, invokeStep, TRANSIENT_ERRORS } from './automated-steps.ts';
import { FactflowFunction } from './factflow-function.ts';
import { added, condition, discardResult, formatted, payloadOf, taskInputOf } from './typed-states.ts';
import { acknowledgeWorkflowPolicies } from './workflow-nag.ts';
import * as states from './workflow-states.ts';
import { automatedStepsInput, automatedStepsResult, caughtError, claimWorkflowInput, requestReviewInput, type Stage } from '../../shared/contracts/index.ts';

export interface WorkflowProps {
  stage: Stage;
  table: Table;
  /** Settings every workflow function reads (reviewer endpoints, thresholds, scale, ...). */
  environment: Record<string, string>;
}

/** Errors worth retrying when the Standard workflow starts the Express one: throttling and the open-executions limit. */
const TRANSIENT_START_ERRORS = ['StepFunctions.ThrottlingException', 'StepFunctions.ExecutionLimitExceededException', 'StepFunctions.SdkClientException'];

/**
 * The claim workflow, defined once, as two state machines that bill for what each needs. The local stack
 * runs the ASL synthesized from this construct, with each Task invoking the handler module named in its
 * function's metadata.
 *
 * Standard (exactly-once, billed per state transition): the human wait, publishing, failure recording.
 *   RunAutomatedSteps ─▶ AutomatedOutcome ─▶ RequestReview (callback) ─▶ Decision ─┬─ approve ─▶ PublishVerdict
 *        ▲                 │ close ─▶ ClosedAtTriage  │ deadline ─▶ EscalateReview ─┤─ reject  ─▶ CloseRejected
 *        │                 └ failed ─▶ RecordFailure   (callback) ─▶ ExpireReview  │
 *        └──────────────────────────── request changes (round + 1) ◀── NextRound ◀──┘
 * Express (started synchronously, `states:startExecution.sync:2`, billed per request and duration): the
 * automated steps of a round.
 *   FirstRound? ─▶ Triage ─▶ TriageOutcome ─▶ GatherEvidence (Map over providers) ─▶ RecordEvidence ─▶ ReadyForReview
 *        └ later rounds ─▶ LaterRound ──────────▲      └ closed ─▶ ClaimClosedByTriage
 * Every Task retries transient errors and catches everything else: in the Express workflow into
 * StepFailed, which hands the error to the Standard one; there RecordFailure records it on the claim's
 * trail (a failed state with its cause) before the execution fails. Each step in the Express workflow
 * stays visible to an operator: the child execution is linked from the parent (its ARN in the task's
 * output and in the state that follows; the parent's id in the child's input) and logs every event to its
 * log group.
 *
 * The trade: Express executions are at-least-once, not exactly-once. Express keeps no durable record of
 * a step having run, so a step can run again (a retried invocation, an execution started again after a
 * failure of the service or, locally, after a restart). Every step here is safe to repeat:
 * - Triage scores the stored statement with the same model and overwrites the same triage result; the
 *   fingerprint reservation is a conditional write this claim already owns on a rerun; index entries are
 *   keyed by claim, so adding again overwrites; a claim triage already moved on keeps its recorded outcome.
 * - GatherFromProvider only reads (our archive, the providers' search APIs): nothing to repeat.
 * - RecordEvidence replaces the round's ranked evidence and provider outcomes with the same ranking (the
 *   lifecycle allows gathering again from gathering_evidence); the trail may show the round twice.
 * The Standard execution moves on only after the Express one has ended, so no repeat can interleave with
 * the reviewer's decision; the wait, publishing and failure recording stay exactly-once.
 */
export class Workflow extends Construct {
  /** The Standard state machine the API starts, one execution per claim. */
  readonly stateMachine: StateMachine;
  /** The Express state machine of the automated steps, started synchronously by the Standard one each round. */
  readonly automatedSteps: StateMachine;
  readonly functions: Record<'triage' | 'gatherEvidence' | 'recordEvidence' | 'requestReview' | 'publishVerdict' | 'closeClaim', FactflowFunction>;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const environment = { TABLE_NAME: props.table.tableName, ...props.environment };
    const functionScope = new Construct(this, 'Functions');
    const fn = (name: string, entry: string, description: string, memorySize = 256, timeoutSeconds = 15, withCheckWorthinessModel = false) =>
      new FactflowFunction(functionScope, name, {
        entry,
        description,
        memorySize,
        timeout: Duration.seconds(timeoutSeconds),
        environment,
        stage: props.stage,
        withCheckWorthinessModel,
      });

    this.functions = {
      // The check-worthiness model files (4 MB, copied into the bundle) and compromise make triage the one function that wants memory.
      triage: fn('Triage', 'functions/workflow/triage.ts', 'Normalizes, scores check-worthiness and finds duplicates', 1024, 30, true),
      gatherEvidence: fn('GatherEvidence', 'functions/workflow/gather-evidence.ts', 'Queries one evidence provider for one claim', 256, 40),
      recordEvidence: fn('RecordEvidence', 'functions/workflow/record-evidence.ts', 'Ranks, de-duplicates and stores gathered evidence'),
      requestReview: fn('RequestReview', 'functions/workflow/request-review.ts', 'Opens a review and sends the signed review request', 256, 60),
      publishVerdict: fn('PublishVerdict', 'functions/workflow/publish-verdict.ts', 'Publishes the verdict, claim status and partner notifications atomically'),
      closeClaim: fn('CloseClaim', 'functions/workflow/close-claim.ts', 'Records a closing outcome (rejected, expired, failed) on the claim'),
    };
    // Each step gets only the DynamoDB actions it calls (TransactWriteItems needs the actions it contains).
    const { table } = props;
    // Claims are read with one Query (the claim item and its details item); the similar-claim index is
    // read with BatchGetItem by triage and by the archive evidence provider; RequestReview reads the related
    // matches' claims and verdicts with it. Triage and RecordEvidence add a move's trail events and detail
    // items with BatchWriteItem (claim-repository.ts, transition). Triage (and publishing, for a claim it finds
    // unindexed) writes the index with PartiQL INSERT/UPDATE statements in BatchExecuteStatement.
    this.functions.triage.useTable(table, ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchWriteItem', 'PartiQLInsert', 'PartiQLUpdate']);
    this.functions.gatherEvidence.useTable(table, ['GetItem', 'BatchGetItem', 'Query']);
    this.functions.recordEvidence.useTable(table, ['Query', 'PutItem', 'UpdateItem', 'BatchWriteItem']);
    this.functions.requestReview.useTable(table, ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem']);
    this.functions.publishVerdict.useTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'PartiQLInsert', 'PartiQLUpdate']);
    this.functions.closeClaim.useTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);

    this.automatedSteps = automatedStepsMachine(this, this.functions, props.stage);

    // ----------------------------------------------------------------- Standard: what needs durability
    // A failure anywhere ends here: the claim records why, then the execution fails visibly.
    const { claimPaths } = states;
    const failed = new Fail(this, 'Failed', { errorPath: claimPaths.errorName, causePath: claimPaths.errorCause });
    const recordFailure = invokeStep(
      this,
      'RecordFailure',
      this.functions.closeClaim,
      'close-claim',
      {
        claimId: states.failedClaimState('$.claimId'),
        outcome: 'failed',
        reason: formatted('{}: {}', states.failedClaimState('$.error.Error'), states.failedClaimState('$.error.Cause')),
      },
      discardResult,
    );
    // Should recording the failure fail too, the execution still fails with the original error.
    recordFailure.addCatch(failed, { errors: [Errors.ALL], resultPath: claimPaths.recordFailureError });
    recordFailure.next(failed);
    const onError = <T extends LambdaInvoke | StepFunctionsStartExecution>(state: T): T => {
      state.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: claimPaths.caught });
      return state;
    };

    const runAutomated = new StepFunctionsStartExecution(this, 'RunAutomatedSteps', {
      stateMachine: this.automatedSteps,
      integrationPattern: IntegrationPattern.RUN_JOB,
      // The child's input carries the parent's execution id: the console links the two executions.
      associateWithParent: true,
      input: taskInputOf(automatedStepsInput, {
        claimId: states.claimState('$.claimId'),
        round: states.claimState('$.round'),
        providers: states.claimState('$.providers'),
      }),
      // sync:2 returns the child's Output as JSON; its execution ARN stays in the state for operators.
      resultSelector: payloadOf(automatedStepsResult, {
        executionArn: states.childExecution('$.ExecutionArn'),
        outcome: states.childExecution('$.Output'),
      }),
      resultPath: claimPaths.automated,
      // The Express execution's own 5-minute limit ends it first; this bounds the start and the wait.
      taskTimeout: Timeout.duration(Duration.minutes(6)),
    });
    runAutomated.addRetry({ errors: TRANSIENT_START_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 4 });
    onError(runAutomated);

    const requestReview = new LambdaInvoke(this, 'RequestReview', {
      lambdaFunction: this.functions.requestReview,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      retryOnServiceExceptions: false,
      payload: taskInputOf(requestReviewInput, {
        phase: 'request',
        claimId: states.claimState('$.claimId'),
        taskToken: JsonPath.taskToken,
        round: states.claimState('$.round'),
        deadlineSeconds: states.claimState('$.policy.reviewDeadlineSeconds'),
        notes: states.claimState('$.notes'),
        // The policy captured at submission: the review records it, so sign-off enforces the very round
        // limit the Decision state below counts against.
        policy: states.claimState('$.policy'),
      }),
      // No review waits without a deadline: the deadline is part of the execution input.
      taskTimeout: Timeout.at(claimPaths.reviewDeadlineSeconds),
      resultPath: claimPaths.decision,
    });
    requestReview.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 3 });

    const escalate = new LambdaInvoke(this, 'EscalateReview', {
      lambdaFunction: this.functions.requestReview,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      retryOnServiceExceptions: false,
      payload: taskInputOf(requestReviewInput, {
        phase: 'escalate',
        claimId: states.failedClaimState('$.claimId'),
        taskToken: JsonPath.taskToken,
        round: states.failedClaimState('$.round'),
        deadlineSeconds: states.failedClaimState('$.policy.escalationSeconds'),
      }),
      taskTimeout: Timeout.at(claimPaths.escalationSeconds),
      resultPath: claimPaths.decision,
    });
    escalate.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 3 });

    // The Tasks that end an execution end it themselves: a Succeed state after them would be one more
    // billed transition that records nothing.
    const expire = onError(
      invokeStep(
        this,
        'ExpireReview',
        this.functions.closeClaim,
        'close-claim',
        { claimId: states.failedClaimState('$.claimId'), outcome: 'review_expired', reason: 'no decision before the final deadline' },
        discardResult,
      ),
    );
    escalate.addCatch(expire, { errors: [Errors.TIMEOUT], resultPath: claimPaths.caught });
    onError(escalate);
    requestReview.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: claimPaths.caught });
    onError(requestReview);

    const publish = onError(
      invokeStep(
        this,
        'PublishVerdict',
        this.functions.publishVerdict,
        'publish-verdict',
        { claimId: states.approvedClaimState('$.claimId'), decision: states.approvedClaimState('$.decision') },
        states.approvedClaimState.resultPath('$.published'),
      ),
    );
    const closeRejected = onError(
      invokeStep(
        this,
        'CloseRejected',
        this.functions.closeClaim,
        'close-claim',
        { claimId: states.rejectedClaimState('$.claimId'), outcome: 'rejected', reason: states.rejectedClaimState('$.decision.reason') },
        discardResult,
      ),
    );
    const nextRound = new Pass(this, 'NextRound', {
      parameters: payloadOf(claimWorkflowInput, {
        claimId: states.changesRequestedClaimState('$.claimId'),
        round: added(states.changesRequestedClaimState('$.round'), 1),
        policy: states.changesRequestedClaimState('$.policy'),
        providers: states.changesRequestedClaimState('$.providers'),
        notes: states.changesRequestedClaimState('$.decision.notes'),
      }),
    });

    const decided = states.claimState.path('$.decision.decision');
    const roundsLeft = condition.numberLessThanPath(states.claimState.path('$.round'), states.claimState.path('$.policy.maxRounds'));
    const decision = new Choice(this, 'Decision')
      .when(condition.stringEquals(decided, 'approve'), publish)
      .when(condition.stringEquals(decided, 'reject'), closeRejected)
      .when(condition.and(condition.stringEquals(decided, 'request_changes'), roundsLeft), nextRound)
      // Unreachable while sign-off and this state read the same captured policy; should it ever happen, the
      // claim records the failure instead of the execution ending behind its back.
      .otherwise(
        new Pass(this, 'UnknownDecision', {
          result: Result.fromObject(
            payloadOf(caughtError, { Error: 'UnknownDecision', Cause: 'the review settled with a decision the workflow does not know' }),
          ),
          resultPath: claimPaths.caught,
        }).next(recordFailure),
      );

    const next = states.claimState.path('$.automated.outcome.next');
    const automatedOutcome = new Choice(this, 'AutomatedOutcome')
      .when(condition.stringEquals(next, 'review'), requestReview.next(decision))
      .when(condition.stringEquals(next, 'close'), new Succeed(this, 'ClosedAtTriage'))
      // A step of the Express workflow failed for good: its error, as its Catch took it, is recorded here.
      .otherwise(
        new Pass(this, 'AutomatedStepFailed', {
          parameters: payloadOf(caughtError, {
            Error: states.claimState('$.automated.outcome.error.Error'),
            Cause: states.claimState('$.automated.outcome.error.Cause'),
          }),
          resultPath: claimPaths.caught,
        }).next(recordFailure),
      );
    nextRound.next(runAutomated);
    escalate.next(decision);
    const definition = runAutomated.next(automatedOutcome);

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      retention: props.stage === 'prod' ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
      removalPolicy: props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'ClaimWorkflow', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      // The longest a claim can legitimately take: three review rounds at their full deadlines (48 h +
      // 24 h escalation each) plus margin.
      timeout: Duration.days(14),
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'factflow claim workflow: automated steps (Express child), reviewer sign-off, publish',
    });
    acknowledgeWorkflowPolicies(this, { parent: this.stateMachine, child: this.automatedSteps, functions: this.functions });
  }
}
