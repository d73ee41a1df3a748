import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { FactflowFunction } from './factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export interface PartnerDeliveryProps {
  stage: Stage;
  table: Table;
  environment: Record<string, string>;
}

/**
 * The partner delivery worker, every minute: fans queued verdict notifications out to partner
 * subscriptions and sends the deliveries that are due (functions/partners/deliver-notifications.ts).
 * A schedule rather than a DynamoDB stream: retries are due minutes apart anyway, the queue items carry
 * their due time, and the table needs no stream. The cost is up to a minute before a first delivery.
 * Overlapping runs are safe: each delivery is leased by a conditional write before it is sent.
 */
export class PartnerDelivery extends Construct {
  readonly worker: FactflowFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: PartnerDeliveryProps) {
    super(scope, id);
    this.worker = new FactflowFunction(this, 'DeliverNotifications', {
      entry: 'functions/partners/deliver-notifications.ts',
      description: 'Sends verdict.published and verdict.corrected webhooks to partner subscriptions',
      memorySize: 256,
      // 50 deliveries, 8 at a time, each at most PARTNER_DELIVERY_TIMEOUT_MS (10 s by default).
      timeout: Duration.seconds(120),
      stage: props.stage,
      environment: props.environment,
    });
    // The queues are sparse gsi2 partitions (NOTIFICATIONS#queued, DELIVERIES#due); enabled subscriptions
    // are gsi1 SUBSCRIPTIONS#active. Items are read (GetItem), created and saved (PutItem) and leased,
    // marked dispatched or counted (UpdateItem).
    this.worker.useIndex(props.table, 'gsi1', ['Query']);
    this.worker.useIndex(props.table, 'gsi2', ['Query']);
    this.worker.useTable(props.table, ['GetItem', 'PutItem', 'UpdateItem']);

    this.schedule = new Rule(this, 'EveryMinute', {
      description: 'Runs the factflow partner delivery worker',
      schedule: Schedule.rate(Duration.minutes(1)),
    });
    // No retries: the next run, a minute later, is the retry.
    this.schedule.addTarget(new LambdaFunction(this.worker, { retryAttempts: 0 }));
  }
}
