import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  Map as MapState,
  Pass,
  Result,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FactflowFunction } from './factflow-function.ts';

export interface WorkflowProps {
  stage: 'dev' | 'prod';
  table: Table;
  /** Settings every workflow function reads (reviewer endpoints, thresholds, scale, ...). */
  environment: Record<string, string>;
}

/** Errors worth retrying: Lambda's own transient failures and our adapters' throttling/unavailability. */
const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'TransientError',
];

/**
 * The claim workflow, defined once. The local stack runs the ASL synthesized from this construct, with
 * each Task invoking the handler module named in its function's metadata.
 *
 *   Triage ─▶ continue? ─▶ GatherEvidence (Map over providers) ─▶ RecordEvidence ─▶ RequestReview (callback)
 *      │ no                    ▲                                                      │ deadline ─▶ EscalateReview (callback) ─▶ expired
 *      ▼                       └──── request changes (round + 1) ◀── Decision ◀────────┘
 *   closed at triage                                               ├─ approve ─▶ PublishVerdict
 *                                                                  └─ reject  ─▶ CloseRejected
 * Every Task retries transient errors and catches everything else into RecordFailure (a failed state
 * with its cause on the claim's trail).
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
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
    // read with BatchGetItem by triage and by the archive evidence provider.
    this.functions.triage.useTable(table, ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem']);
    this.functions.gatherEvidence.useTable(table, ['GetItem', 'BatchGetItem', 'Query']);
    this.functions.recordEvidence.useTable(table, ['Query', 'PutItem', 'UpdateItem']);
    this.functions.requestReview.useTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);
    this.functions.publishVerdict.useTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);
    this.functions.closeClaim.useTable(table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);

    const invoke = (name: string, f: FactflowFunction, payload: Record<string, unknown>, resultPath?: string) => {
      const task = new LambdaInvoke(this, name, {
        lambdaFunction: f,
        payload: TaskInput.fromObject(payload),
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        ...(resultPath ? { resultPath } : {}),
      });
      task.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 4 });
      return task;
    };

    // A failure anywhere ends here: the claim records why, then the execution fails visibly.
    const failed = new Fail(this, 'Failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' });
    const recordFailure = invoke(
      'RecordFailure',
      this.functions.closeClaim,
      {
        claimId: JsonPath.stringAt('$.claimId'),
        outcome: 'failed',
        reason: JsonPath.format('{}: {}', JsonPath.stringAt('$.error.Error'), JsonPath.stringAt('$.error.Cause')),
      },
      JsonPath.DISCARD,
    );
    // Should recording the failure fail too, the execution still fails with the original error.
    recordFailure.addCatch(failed, { errors: [Errors.ALL], resultPath: '$.recordFailureError' });
    recordFailure.next(failed);
    const onError = <T extends LambdaInvoke | MapState>(state: T): T => {
      state.addCatch(recordFailure, { errors: [Errors.ALL], resultPath: '$.error' });
      return state;
    };

    const triage = onError(invoke('Triage', this.functions.triage, { claimId: JsonPath.stringAt('$.claimId') }, '$.triage'));

    const gatherOne = invoke('GatherFromProvider', this.functions.gatherEvidence, {
      claimId: JsonPath.stringAt('$.claimId'),
      provider: JsonPath.stringAt('$.provider'),
    });
    const gather = onError(
      new MapState(this, 'GatherEvidence', {
        itemsPath: '$.providers',
        itemSelector: { claimId: JsonPath.stringAt('$.claimId'), provider: JsonPath.stringAt('$$.Map.Item.Value.name') },
        resultPath: '$.gathered',
        maxConcurrency: 0,
      }),
    );
    gather.itemProcessor(gatherOne);

    const recordEvidence = onError(
      invoke(
        'RecordEvidence',
        this.functions.recordEvidence,
        {
          claimId: JsonPath.stringAt('$.claimId'),
          round: JsonPath.numberAt('$.round'),
          outcomes: JsonPath.listAt('$.gathered'),
        },
        JsonPath.DISCARD,
      ),
    );

    const requestReview = new LambdaInvoke(this, 'RequestReview', {
      lambdaFunction: this.functions.requestReview,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({
        phase: 'request',
        claimId: JsonPath.stringAt('$.claimId'),
        taskToken: JsonPath.taskToken,
        round: JsonPath.numberAt('$.round'),
        deadlineSeconds: JsonPath.numberAt('$.policy.reviewDeadlineSeconds'),
        notes: JsonPath.stringAt('$.notes'),
        // The policy captured at submission: the review records it, so sign-off enforces the very round
        // limit the Decision state below counts against.
        policy: JsonPath.objectAt('$.policy'),
      }),
      // No review waits without a deadline: the deadline is part of the execution input.
      taskTimeout: Timeout.at('$.policy.reviewDeadlineSeconds'),
      resultPath: '$.decision',
    });
    requestReview.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 3 });

    const escalate = new LambdaInvoke(this, 'EscalateReview', {
      lambdaFunction: this.functions.requestReview,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({
        phase: 'escalate',
        claimId: JsonPath.stringAt('$.claimId'),
        taskToken: JsonPath.taskToken,
        round: JsonPath.numberAt('$.round'),
        deadlineSeconds: JsonPath.numberAt('$.policy.escalationSeconds'),
      }),
      taskTimeout: Timeout.at('$.policy.escalationSeconds'),
      resultPath: '$.decision',
    });
    escalate.addRetry({ errors: TRANSIENT_ERRORS, interval: Duration.seconds(1), backoffRate: 2, maxAttempts: 3 });

    const expire = onError(
      invoke(
        'ExpireReview',
        this.functions.closeClaim,
        { claimId: JsonPath.stringAt('$.claimId'), outcome: 'review_expired', reason: 'no decision before the final deadline' },
        JsonPath.DISCARD,
      ),
    ).next(new Succeed(this, 'ReviewExpired'));
    escalate.addCatch(expire, { errors: [Errors.TIMEOUT], resultPath: '$.error' });
    onError(escalate);
    requestReview.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: '$.error' });
    onError(requestReview);

    const publish = onError(
      invoke(
        'PublishVerdict',
        this.functions.publishVerdict,
        { claimId: JsonPath.stringAt('$.claimId'), decision: JsonPath.objectAt('$.decision') },
        '$.published',
      ),
    ).next(new Succeed(this, 'Published'));
    const closeRejected = onError(
      invoke(
        'CloseRejected',
        this.functions.closeClaim,
        { claimId: JsonPath.stringAt('$.claimId'), outcome: 'rejected', reason: JsonPath.stringAt('$.decision.reason') },
        JsonPath.DISCARD,
      ),
    ).next(new Succeed(this, 'Rejected'));
    const nextRound = new Pass(this, 'NextRound', {
      parameters: {
        claimId: JsonPath.stringAt('$.claimId'),
        round: JsonPath.mathAdd(JsonPath.numberAt('$.round'), 1),
        policy: JsonPath.objectAt('$.policy'),
        providers: JsonPath.listAt('$.providers'),
        notes: JsonPath.stringAt('$.decision.notes'),
      },
    });

    const decision = new Choice(this, 'Decision')
      .when(Condition.stringEquals('$.decision.decision', 'approve'), publish)
      .when(Condition.stringEquals('$.decision.decision', 'reject'), closeRejected)
      .when(
        Condition.and(Condition.stringEquals('$.decision.decision', 'request_changes'), Condition.numberLessThanJsonPath('$.round', '$.policy.maxRounds')),
        nextRound,
      )
      // Unreachable while sign-off and this state read the same captured policy; should it ever happen, the
      // claim records the failure instead of the execution ending behind its back.
      .otherwise(
        new Pass(this, 'UnknownDecision', {
          result: Result.fromObject({ Error: 'UnknownDecision', Cause: 'the review settled with a decision the workflow does not know' }),
          resultPath: '$.error',
        }).next(recordFailure),
      );

    const reviewLoop = gather.next(recordEvidence).next(requestReview).next(decision);
    nextRound.next(gather);
    escalate.next(decision);

    const definition = triage.next(
      new Choice(this, 'TriageOutcome').when(Condition.stringEquals('$.triage.outcome', 'continue'), reviewLoop).otherwise(new Succeed(this, 'ClosedAtTriage')),
    );

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
      comment: 'factflow claim workflow: triage, source gathering, reviewer sign-off, publish',
    });
    const policy = this.stateMachine.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing and CloudWatch Logs delivery actions (logs:CreateLogDelivery, ...) support no resource-level permissions.',
      });
      for (const f of Object.values(this.functions)) {
        Validations.of(policy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(f.node.defaultChild as CfnFunction)}.Arn>:*]`,
          reason: 'lambda:InvokeFunction on the qualified ARNs (versions, aliases) of this one workflow function, as LambdaInvoke grants it.',
        });
      }
    }
  }
}
