import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FactflowFunction } from './factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export interface MaintenanceProps {
  stage: Stage;
  table: Table;
  stateMachine: IStateMachine;
  environment: Record<string, string>;
}

/**
 * The reconciler, every five minutes: claims stored but never confirmed started (the API died between
 * the write and StartExecution, or Step Functions refused) get their workflow. Starting twice is harmless:
 * executions are named after their claim.
 */
export class Maintenance extends Construct {
  readonly reconciler: FactflowFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: MaintenanceProps) {
    super(scope, id);
    this.reconciler = new FactflowFunction(this, 'StartPendingClaims', {
      entry: 'functions/maintenance/start-pending-claims.ts',
      description: 'Starts the workflow of claims stored but never started',
      memorySize: 256,
      timeout: Duration.seconds(60),
      stage: props.stage,
      environment: { STATE_MACHINE_ARN: props.stateMachine.stateMachineArn, ...props.environment },
    });
    // listUnstarted queries gsi1 (claims by status); ensureWorkflowStarted records the start on the claim
    // (a transaction of UpdateItem + PutItem) and reads it back (a Query over the claim's two items).
    this.reconciler.useIndex(props.table, 'gsi1', ['Query']);
    // It also resends review requests that did not get through (shared/domain/services/review-delivery.ts):
    // the due reviews from gsi1, each review (GetItem), its claim and related verdicts (Query), and the
    // delivery state on the review and the claim (UpdateItem, with a PutItem for the trail event).
    this.reconciler.useTable(props.table, ['GetItem', 'Query', 'UpdateItem', 'PutItem']);
    props.stateMachine.grantStartExecution(this.reconciler);

    this.schedule = new Rule(this, 'Every5Minutes', {
      description: 'Runs the factflow reconciler (start pending claims)',
      schedule: Schedule.rate(Duration.minutes(5)),
    });
    // No retries: the next run, five minutes later, is the retry.
    this.schedule.addTarget(new LambdaFunction(this.reconciler, { retryAttempts: 0 }));
  }
}
