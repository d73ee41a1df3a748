import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FactflowFunction } from './factflow-function.ts';
import { unhappyExecutionStatus } from '../../shared/contracts/index.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export interface ExecutionEndsProps {
  stage: Stage;
  table: Table;
  stateMachine: IStateMachine;
  environment: Record<string, string>;
}

/** The execution statuses after which a claim still open must be marked failed. */
export const UNHAPPY_EXECUTION_STATUSES: string[] = [...unhappyExecutionStatus.options];

/**
 * No execution ends without its claim knowing: Step Functions reports every execution's end to
 * EventBridge; a rule on the claim workflow's unhappy endings invokes a small function that marks the
 * claim failed with the cause, for the endings no Catch sees (States.Runtime, execution timeout, a stop
 * from outside the API). The local stack reads this same rule from the template and drives the same
 * function from its local Step Functions.
 */
export class ExecutionEnds extends Construct {
  readonly handler: FactflowFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ExecutionEndsProps) {
    super(scope, id);
    this.handler = new FactflowFunction(this, 'RecordExecutionEnd', {
      entry: 'functions/workflow/record-execution-end.ts',
      description: 'Marks a claim failed when its workflow execution ends FAILED, TIMED_OUT or ABORTED',
      memorySize: 256,
      timeout: Duration.seconds(15),
      stage: props.stage,
      environment: { TABLE_NAME: props.table.tableName, ...props.environment },
    });
    // Reads the claim (a Query over its items) and its current review (a Query, then GetItem), closes the
    // review (UpdateItem) and the claim (UpdateItem + PutItem of the trail event, in one transaction).
    this.handler.useTable(props.table, ['GetItem', 'Query', 'PutItem', 'UpdateItem']);

    this.rule = new Rule(this, 'ClaimExecutionEnded', {
      description: 'factflow: a claim workflow execution ended FAILED, TIMED_OUT or ABORTED',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: UNHAPPY_EXECUTION_STATUSES, stateMachineArn: [props.stateMachine.stateMachineArn] },
      },
    });
    // The handler is idempotent; EventBridge retries a failed invocation for up to a day.
    this.rule.addTarget(new LambdaFunction(this.handler, { retryAttempts: 20, maxEventAge: Duration.hours(24) }));
  }
}
