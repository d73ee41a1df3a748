import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { metricsNamespace, type FactflowFunction } from './factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export interface ObservabilityProps {
  stage: Stage;
  table: Table;
  stateMachine: StateMachine;
  httpApi: HttpApi;
  /** Every function of the app, by a short name used in alarm and widget titles. */
  functions: Record<string, FactflowFunction>;
}

/**
 * Alarms and a dashboard over what an operator must know about: failed and timed-out executions, reviews
 * that expired without a decision, the API's 5xx rate, each function's errors and throttles, and DynamoDB
 * throttling. Every alarm notifies one SNS topic (KMS-encrypted, TLS only): subscribe an address or a
 * chat integration to it after deploying.
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const prod = props.stage === 'prod';
    const fiveMinutes = Duration.minutes(5);

    // SNS cannot use the AWS-managed key for alarms: CloudWatch must be allowed to use the key.
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'factflow alarm topic encryption',
      enableKeyRotation: true,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `factflow ${props.stage} alarms`, masterKey: key, enforceSSL: true });
    const notify = new SnsAction(this.alarmTopic);
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'subscribe to be told about alarms' }).overrideLogicalId(
      'AlarmTopicArn',
    );

    const alarm = (name: string, description: string, metric: IMetric, threshold = 1) => {
      const a = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };

    // The workflow: a failed or timed-out execution is a claim that did not reach an outcome.
    const { stateMachine } = props;
    alarm(
      'ExecutionsFailed',
      "A claim workflow failed (its cause is on the claim's trail and in the state machine log).",
      stateMachine.metricFailed({ period: fiveMinutes, statistic: 'Sum' }),
    );
    alarm(
      'ExecutionsTimedOut',
      "A claim workflow exceeded the state machine's overall timeout.",
      stateMachine.metricTimedOut({ period: fiveMinutes, statistic: 'Sum' }),
    );
    // Reviews that expired: counted by the ExpireReview step (functions/workflow/close-claim.ts).
    const reviewsExpired = businessMetric(props.stage, 'ReviewsExpired', Duration.hours(1));
    alarm('ReviewsExpired', 'A claim closed because no reviewer decided before the final deadline (after escalation).', reviewsExpired);
    // Review requests still undelivered after every retry: counted by the reconciler (services/review-delivery.ts).
    const undelivered = businessMetric(props.stage, 'ReviewRequestsUndelivered', Duration.hours(1));
    alarm(
      'ReviewRequestsUndelivered',
      'A review request could not be delivered to the reviewers after every retry; resend it (POST /admin/reviews/{reviewId}/resend).',
      undelivered,
    );

    // The API: the share of requests answered with 5xx, once there is traffic enough to speak of a rate.
    const requests = props.httpApi.metricCount({ period: fiveMinutes, statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' });
    alarm(
      'Api5xxRate',
      'More than 5% of API requests answered 5xx over five minutes (with at least 20 requests).',
      new MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: { requests, errors: serverErrors },
        period: fiveMinutes,
        label: 'API 5xx %',
      }),
      5,
    );

    // Each function: any error or throttle (errors that Step Functions retries count too: they are rare).
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `The ${name} function raised errors.`, fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }));
      alarm(
        `${name}Throttles`,
        `The ${name} function was throttled (account or reserved concurrency).`,
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
      );
    }

    // DynamoDB: throttled reads or writes on the table or its indexes (on-demand tables still throttle
    // when traffic more than doubles its previous peak, or at the table's on-demand maximum).
    const table = props.table;
    const throttleMetrics: Record<string, IMetric> = {
      tableReads: table.metric('ReadThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
      tableWrites: table.metric('WriteThrottleEvents', { period: fiveMinutes, statistic: 'Sum' }),
    };
    for (const index of ['gsi1', 'gsi2']) {
      for (const kind of ['Read', 'Write'] as const) {
        throttleMetrics[`${index}${kind}s`] = new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: `${kind}ThrottleEvents`,
          dimensionsMap: { TableName: table.tableName, GlobalSecondaryIndexName: index },
          period: fiveMinutes,
          statistic: 'Sum',
        });
      }
    }
    const dynamoThrottles = new MathExpression({
      expression: Object.keys(throttleMetrics).join(' + '),
      usingMetrics: throttleMetrics,
      period: fiveMinutes,
      label: 'DynamoDB throttle events',
    });
    alarm('DynamoDbThrottles', 'DynamoDB throttled requests on the table or one of its indexes.', dynamoThrottles);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `factflow-${props.stage}`,
      defaultInterval: Duration.days(1),
    });
    const fnList = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# factflow (${props.stage})\nClaims, verdicts and reviews; the workflow; the API; functions; the table. Alarms notify the SNS topic.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Claims, verdicts, expired reviews',
        left: (['ClaimsSubmitted', 'VerdictsPublished', 'ReviewsExpired'] as const).map((m) => businessMetric(props.stage, m, Duration.hours(1))),
        width: 12,
      }),
      new GraphWidget({
        title: 'Workflow executions',
        left: [
          stateMachine.metricStarted({ statistic: 'Sum', label: 'started' }),
          stateMachine.metricSucceeded({ statistic: 'Sum', label: 'succeeded' }),
          stateMachine.metricFailed({ statistic: 'Sum', label: 'failed' }),
          stateMachine.metricTimedOut({ statistic: 'Sum', label: 'timed out' }),
          stateMachine.metricAborted({ statistic: 'Sum', label: 'aborted (withdrawn)' }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and errors',
        left: [requests.with({ label: 'requests' }), props.httpApi.metricClientError({ statistic: 'Sum', label: '4xx' }), serverErrors.with({ label: '5xx' })],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p50, p99)',
        left: [props.httpApi.metricLatency({ statistic: 'p50', label: 'p50' }), props.httpApi.metricLatency({ statistic: 'p99', label: 'p99' })],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Function errors', left: fnList.map(([n, f]) => f.metricErrors({ statistic: 'Sum', label: n })), width: 8 }),
      new GraphWidget({ title: 'Function throttles', left: fnList.map(([n, f]) => f.metricThrottles({ statistic: 'Sum', label: n })), width: 8 }),
      new GraphWidget({ title: 'Function duration p99 (ms)', left: fnList.map(([n, f]) => f.metricDuration({ statistic: 'p99', label: n })), width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB consumed capacity',
        left: [table.metricConsumedReadCapacityUnits({ label: 'read units' }), table.metricConsumedWriteCapacityUnits({ label: 'write units' })],
        width: 12,
      }),
      new GraphWidget({ title: 'DynamoDB throttle events', left: [dynamoThrottles], width: 12 }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}

/** A metric the functions emit (functions/commons/observability.ts): namespace per stage, dimension service. */
function businessMetric(
  stage: Stage,
  name: 'ClaimsSubmitted' | 'VerdictsPublished' | 'ReviewsExpired' | 'ReviewRequestsUndelivered',
  period: Duration,
): Metric {
  return new Metric({ namespace: metricsNamespace(stage), metricName: name, dimensionsMap: { service: 'factflow' }, statistic: 'Sum', period });
}
